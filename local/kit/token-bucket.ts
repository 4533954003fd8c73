// A token bucket per key: `burst` requests at once, then `perSecond` more each second — how
// tollbooth over golang.org/x/time/rate counts (Supabase Auth). The kit's other limit,
// rate-limit.ts, is a fixed window (Polar); both answer `take` the same way.
export interface TokenBucket {
  /** Takes one token from `key`'s bucket (new buckets start full). */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** New rate and burst; null switches limiting off. Every bucket starts full again. */
  configure(limit: { perSecond: number; burst: number } | null): void;
}

export function createTokenBucket(options: { limit: { perSecond: number; burst: number } | null; now?: () => number }): TokenBucket {
  const now = options.now ?? Date.now;
  let limit = options.limit;
  let buckets = new Map<string, { tokens: number; at: number }>();

  return {
    take(key) {
      if (!limit) return { ok: true };
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond);
      bucket.at = at;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: limit.perSecond > 0 ? Math.ceil((1 - bucket.tokens) / limit.perSecond) : Infinity };
      bucket.tokens -= 1;
      return { ok: true };
    },
    configure(next) {
      limit = next;
      buckets = new Map();
    },
  };
}
