import 'server-only';
// The throttling store: public.consume_rate_limit in Postgres, through PostgREST with the
// service role. Chosen over an in-process limiter (the app runs as many serverless instances,
// so a counter in one of them limits nothing) and over rate-limiter-flexible (its Postgres store
// needs a database connection string of its own; the app reaches Postgres only through
// Supabase's API). The function decides under row locks, so every instance counts exactly.
import { createHash } from 'node:crypto';
import { createAdminClient } from '@/lib/supabase/admin';
import { withDeadline } from '@/lib/supabase/timeout-fetch';

export interface Limit {
  limit: number;
  windowSeconds: number;
}

export interface Bucket extends Limit {
  /** What is limited, and for whom: `sign-in`, `address`, `203.0.113.7`. */
  action: string;
  dimension: 'address' | 'account' | 'user';
  subject: string;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimitStoreError extends Error {
  constructor(cause: unknown) {
    super('The rate limit store could not be asked', { cause });
    this.name = 'RateLimitStoreError';
  }
}

// The subject is hashed: the table holds no address or email in clear (it is service-role only;
// a hash of an IPv4 address can be reversed by trying them all, so this is tidiness, not secrecy).
const keyOf = ({ action, dimension, subject }: Bucket) => `${action}:${dimension}:${createHash('sha256').update(subject).digest('base64url')}`;

/** Counts one request against all of `buckets` at once, or none of them when one is full. */
export async function consume(buckets: Bucket[]): Promise<Verdict> {
  const p_buckets = buckets.map((bucket) => ({ key: keyOf(bucket), limit: bucket.limit, window_seconds: bucket.windowSeconds }));
  let answer;
  try {
    answer = await withDeadline((signal) => createAdminClient().rpc('consume_rate_limit', { p_buckets }).abortSignal(signal));
  } catch (error) {
    throw new RateLimitStoreError(error);
  }
  const { data, error } = answer;
  if (error || typeof data !== 'number') throw new RateLimitStoreError(error ?? data);
  return data === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: data };
}
