import { serverEnvSchema } from '@/env/schema';

// supabase-js waits forever by default: a hung Auth or PostgREST would hang the page or route
// with it. Read here rather than from the server-only env module because the middleware needs
// it too.
const timeoutMs = serverEnvSchema.shape.SUPABASE_TIMEOUT_MS.parse(process.env.SUPABASE_TIMEOUT_MS || undefined);

/**
 * Runs `work` with a signal that aborts after `ms` (default: the Supabase timeout) or when
 * `outer` aborts, and disarms it as soon as `work` settles. Unlike AbortSignal.timeout/any,
 * nothing outlives the request: those leave a live timer and signal behind per call, which
 * under load is memory and GC time for nothing.
 */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => PromiseLike<T>,
  { outer, ms = timeoutMs }: { outer?: AbortSignal | null; ms?: number } = {},
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('Supabase did not answer in time', 'TimeoutError')), ms);
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  outer?.addEventListener('abort', forward, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forward);
  }
}

/** The fetch every server-side Supabase client uses: no call waits longer than the timeout. */
export const fetchWithTimeout: typeof fetch = (input, init) =>
  withDeadline((signal) => fetch(input, { ...init, signal }), { outer: init?.signal });
