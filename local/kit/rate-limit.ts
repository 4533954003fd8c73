// A fixed-window request limit per key, the window starting at the key's first request: how
// asgi-ratelimit (Polar) counts. Requests over the limit do not count against the next window.
export interface RateLimit {
  /** Counts one request for `key`; `retryAfterSeconds` when it is over the limit. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
  /** Changes the limit (per window); null switches limiting off. Counts start over. */
  configure(limit: number | null): void;
  readonly limit: number | null;
}

export function createRateLimit(options: { limit: number | null; windowMs: number; now?: () => number }): RateLimit {
  const now = options.now ?? Date.now;
  let limit = options.limit;
  let windows = new Map<string, { startedAt: number; count: number }>();

  return {
    take(key) {
      if (limit === null) return { ok: true };
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.startedAt >= options.windowMs) {
        window = { startedAt: at, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= limit) return { ok: false, retryAfterSeconds: Math.ceil(options.windowMs / 1000) };
      window.count += 1;
      return { ok: true };
    },
    configure(next) {
      limit = next;
      windows = new Map();
    },
    get limit() {
      return limit;
    },
  };
}
