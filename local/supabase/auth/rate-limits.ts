// GoTrue's rate limiters (supabase/auth internal/api/apilimiter/apilimiter.go New,
// internal/ratelimit/interval.go), on the kit's limits: per client, a token bucket per limiter
// that refills at N/300 per second and holds at most 30; for the whole project, `email_sent`
// mails an hour. GoTrue keys the per-client buckets on a configured header only (the CLI
// configures none, so `supabase start` limits nothing); hosted projects key on the caller's
// address as their edge sees it, and so does this stand-in: the socket's remote address, never
// a header a caller could forge. GoTrue sends no Retry-After, so the kit's estimate is dropped.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createRateLimit } from '../../kit/rate-limit.ts';
import { createTokenBucket, type TokenBucket } from '../../kit/token-bucket.ts';
import type { RateLimitConfig } from '../project-config.ts';
import { AuthError } from './errors.ts';

/** Which limiter guards which endpoint (internal/api/api.go routes, token.go Token). */
export type Limiter = 'signups' | 'recover' | 'resend' | 'user' | 'token' | 'verify';

const LIMITERS: Record<Limiter, keyof RateLimitConfig> = {
  signups: 'signInSignUps', recover: 'signInSignUps', resend: 'signInSignUps', user: 'signInSignUps',
  token: 'tokenRefresh', verify: 'tokenVerifications',
};
const BURST = 30;

export interface RateLimits {
  /** Starts over with every bucket full and the email window fresh; undefined turns limiting off. */
  configure(config: RateLimitConfig | undefined): void;
  /** 429 over_request_rate_limit once the caller of `c` has used up `limiter`'s bucket. */
  take(c: Context, limiter: Limiter): void;
  /**
   * Whether one more mail may go out (mail.go sendEmail): never with a budget of 0; otherwise
   * counted against the hour only while confirmations are on (GoTrue skips the count under
   * autoconfirm).
   */
  allowEmail(confirmations: boolean): boolean;
}

export function clientAddress(c: Context): string {
  return getConnInfo(c).remote.address ?? 'unknown';
}

export function createRateLimits(initial: RateLimitConfig | undefined): RateLimits {
  let config = initial;
  const buckets = Object.fromEntries(Object.keys(LIMITERS).map((name) => [name, createTokenBucket({ limit: null })])) as Record<Limiter, TokenBucket>;
  // One key for the whole project. GoTrue's hour starts with the process, the kit's with the
  // first mail; either way no more than email_sent go out within an hour of each other.
  const emails = createRateLimit({ limit: null, windowMs: 3600_000 });
  const configure = (next: RateLimitConfig | undefined) => {
    config = next;
    for (const [name, bucket] of Object.entries(buckets)) {
      bucket.configure(next ? { perSecond: next[LIMITERS[name as Limiter]] / 300, burst: BURST } : null);
    }
    emails.configure(next ? next.emailSent : null);
  };
  configure(initial);

  return {
    configure,
    take(c, limiter) {
      if (!buckets[limiter].take(clientAddress(c)).ok) throw new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached');
    },
    allowEmail(confirmations) {
      // Off: the CLI's own figure without custom SMTP, 360000 an hour, i.e. no limit.
      if (!config) return true;
      if (config.emailSent === 0) return false;
      return confirmations ? emails.take('project').ok : true;
    },
  };
}
