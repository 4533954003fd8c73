import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';

/** Polar's API hosts: production and sandbox. */
export const POLAR_API_HOSTS = new Set(['api.polar.sh', 'sandbox-api.polar.sh']);

export interface PolarFetchOptions {
  /** Send calls for Polar's hosts to this origin instead (the offline stack's stand-in). */
  rerouteTo?: string;
  /** Give up on a Polar call that sends no headers / no body for this long. */
  timeoutMs: number;
}

/**
 * Adjusts the process-wide undici dispatcher behind Node's fetch for calls to Polar's hosts
 * only. The @polar-sh/nextjs helpers build their own sdk client with no timeout and no server
 * URL; this is the one place both can be set for them. Node runtime only.
 */
export function configurePolarFetch({ rerouteTo, timeoutMs }: PolarFetchOptions): void {
  const target = rerouteTo ? new URL(rerouteTo).origin : undefined;
  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    const origin = options.origin ? new URL(String(options.origin)) : undefined;
    if (!origin || !POLAR_API_HOSTS.has(origin.hostname)) return dispatch(options, handler);
    return dispatch({ ...options, origin: target ?? options.origin, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, handler);
  };
  setGlobalDispatcher(getGlobalDispatcher().compose(interceptor));
}
