import { serverEnvSchema } from '@/env/schema';

// supabase-js waits forever by default: a hung Auth or PostgREST would hang the page or route
// with it. Read here rather than from the server-only env module because the middleware needs
// it too.
const timeoutMs = serverEnvSchema.shape.SUPABASE_TIMEOUT_MS.parse(process.env.SUPABASE_TIMEOUT_MS || undefined);

/** The fetch every server-side Supabase client uses: no single call outlives the timeout. */
export const fetchWithTimeout: typeof fetch = (input, init) => {
  const timeout = AbortSignal.timeout(timeoutMs);
  return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
};

/**
 * A deadline for one whole PostgREST query, retries included: postgrest-js retries reads on
 * 503 with a 1 s, 2 s, 4 s backoff, which a person waiting on a page should not sit through.
 * Pass to `.abortSignal()`.
 */
export function queryDeadline(): AbortSignal {
  return AbortSignal.timeout(timeoutMs);
}
