// One bounded autocannon load (by time or by count) against one URL, reduced to the figures
// the report uses. Latencies are autocannon's (ms, whole-request round trip on loopback).
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** A fresh body for every request (autocannon's setupRequest), instead of `body`. */
  nextBody?: () => string;
}

export interface LoadResult {
  /** 2xx answers per second over the whole run. */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  seconds: number;
  /** CPU ms the server under test / the stand-ins (with Postgres) used during the run, when measured. */
  serverCpuMs?: number;
  standInCpuMs?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 5 }),
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    ...(options.nextBody ? { requests: [{ setupRequest: (req: object) => ({ ...req, body: options.nextBody!() }) }] } : {}),
    timeout: 10,
  });
  return {
    // With `amount`, autocannon only notices the end on its 1 s tick: rps is meaningful for
    // duration-bounded runs only (the bench uses `amount` just for counting).
    rps: result['2xx'] / result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
  };
}

/** Why a run's figures would measure error paths instead of the product (null when clean). */
export function problemOf(what: string, result: LoadResult): string | null {
  if (result.non2xx === 0 && result.errors === 0 && result.ok > 0) return null;
  return `${what}: ${result.ok} ok, ${result.non2xx} non-2xx, ${result.errors} errors`;
}
