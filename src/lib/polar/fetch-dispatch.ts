import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';
import { polarAnswerLog } from './answer-log';
import type { PolarAnswer } from './failure';

/** Polar's API hosts: production and sandbox. */
export const POLAR_API_HOSTS = new Set(['api.polar.sh', 'sandbox-api.polar.sh']);

export interface PolarFetchOptions {
  /** Send calls for Polar's hosts to this origin instead (the offline stack's stand-in). */
  rerouteTo?: string;
  /** Give up on a Polar call that sends no headers / no body for this long. */
  timeoutMs: number;
}

type Handler = Dispatcher.DispatchHandler & Record<string | symbol, unknown>;

const headerValue = (value: unknown) => (Array.isArray(value) ? String(value[0]) : value === undefined ? null : String(value));

/**
 * The same handler, also writing the answer's status, Retry-After and Date into `log`. Only the
 * response-start callbacks the handler already has are wrapped (undici picks its calling
 * convention by which ones exist): `onResponseStart` (headers as an object) or the older
 * `onHeaders` (a flat list of raw name/value buffers).
 */
function recording(handler: Dispatcher.DispatchHandler, log: PolarAnswer[]): Dispatcher.DispatchHandler {
  return new Proxy(handler as Handler, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver) as unknown;
      if (typeof original !== 'function') return original;
      if (property === 'onResponseStart') {
        return (controller: unknown, status: number, headers: Record<string, unknown>, message: string) => {
          log.push({ status, retryAfter: headerValue(headers['retry-after']), body: headerValue(headers['www-authenticate']), date: headerValue(headers.date) });
          return (original as (...args: unknown[]) => unknown).call(target, controller, status, headers, message);
        };
      }
      if (property === 'onHeaders') {
        return (status: number, raw: Buffer[], resume: () => void, message: string) => {
          const headers: Record<string, string> = {};
          for (let i = 0; i + 1 < raw.length; i += 2) headers[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
          log.push({ status, retryAfter: headers['retry-after'] ?? null, body: headers['www-authenticate'] ?? null, date: headers.date ?? null });
          return (original as (...args: unknown[]) => unknown).call(target, status, raw, resume, message);
        };
      }
      return (original as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/**
 * Adjusts the process-wide undici dispatcher behind Node's fetch for calls to Polar's hosts
 * only. The @polar-sh/nextjs helpers build their own sdk client with no timeout and no server
 * URL, and they turn every failure into an empty 500; this is the one place to set both for
 * them and to see what Polar answered (answer-log.ts). Node runtime only.
 */
export function configurePolarFetch({ rerouteTo, timeoutMs }: PolarFetchOptions): void {
  const target = rerouteTo ? new URL(rerouteTo).origin : undefined;
  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    const origin = options.origin ? new URL(String(options.origin)) : undefined;
    // The stand-in's own origin too: the app's client is pointed at it directly (POLAR_API_URL).
    if (!origin || !(POLAR_API_HOSTS.has(origin.hostname) || origin.origin === target)) return dispatch(options, handler);
    // Read now: this runs in the caller's async context, the callbacks later do not.
    const log = polarAnswerLog();
    return dispatch({ ...options, origin: target ?? options.origin, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, log ? recording(handler, log) : handler);
  };
  setGlobalDispatcher(getGlobalDispatcher().compose(interceptor));
}
