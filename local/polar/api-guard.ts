// What stands in front of every /v1 call, in Polar's order (server/polar/app.py middleware
// stack): the request is counted and maybe broken on purpose (tests), then rate-limited per
// organization, then its API version and bearer token are checked. Each route then asks for
// its scope (scoped()), as each module's auth.py does.
import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { createFaultInjector, type Faults } from '../kit/faults.ts';
import { createRateLimit } from '../kit/rate-limit.ts';
import { faultResponse, insufficientScope, invalidToken, rateLimited, unauthorized } from './errors.ts';

export type { Faults };

/** Scopes of server/polar/auth/scope.py that the stand-in's endpoints check. */
export const ALL_SCOPES = [
  'checkouts:read', 'checkouts:write', 'customer_sessions:write', 'customers:read', 'customers:write',
  'products:read', 'products:write', 'subscriptions:read', 'subscriptions:write', 'benefits:read',
  'benefits:write', 'orders:read', 'webhooks:read', 'webhooks:write',
] as const;

// server/polar/version.py at the commit read: 2026-04 is the default, 2026-10 the next.
const API_VERSIONS = new Set(['2026-04', '2026-10']);
const DEFAULT_API_VERSION = '2026-04';

export interface ApiGuard {
  middleware: MiddlewareHandler;
  setFaults(f: Faults): void;
  /** Requests per minute for the organization; null = no limit. Polar: 500 production, 100 sandbox. */
  setRateLimit(perMinute: number | null): void;
  /** A new organization access token with only these scopes. */
  createToken(scopes: string[]): string;
  /** Changes an existing token's scopes (tests: the app's own token losing one). */
  setTokenScopes(token: string, scopes: readonly string[]): void;
  requestCount(): number;
  resetRequestCount(): void;
  /** Lets hung requests finish (with a 503) so the server can close. */
  releaseHung(): void;
}

type Variables = { scopes: ReadonlySet<string> };

export function createApiGuard(accessToken: string, rateLimitPerMinute: number | null): ApiGuard {
  const faults = createFaultInjector();
  const limit = createRateLimit({ limit: rateLimitPerMinute, windowMs: 60_000 });
  const tokens = new Map<string, ReadonlySet<string>>([[accessToken, new Set<string>(ALL_SCOPES)]]);
  let count = 0;

  const middleware: MiddlewareHandler<{ Variables: Variables }> = async (c, next) => {
    count += 1;
    const injected = await faults.apply(c, faultResponse);
    if (injected) return injected;

    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const scopes = bearer === undefined ? undefined : tokens.get(bearer);
    // Organization tokens share their organization's bucket; anything else counts on its own.
    const key = scopes ? 'organization' : `token:${createHash('sha256').update(bearer ?? '').digest('hex')}`;
    const limited = limit.take(key);
    if (!limited.ok) return rateLimited(limited.retryAfterSeconds);

    const version = c.req.header('polar-version') ?? DEFAULT_API_VERSION;
    if (!API_VERSIONS.has(version)) return c.json({ detail: 'Not Found' }, 404);
    c.header('Polar-Version', version);

    if (bearer === undefined) return unauthorized(c);
    if (!scopes) return invalidToken(c);
    c.set('scopes', scopes);
    await next();
  };

  return {
    middleware: middleware as MiddlewareHandler,
    setFaults: (f) => faults.set(f),
    setRateLimit: (perMinute) => limit.configure(perMinute),
    createToken(scopes) {
      const token = `polar_oat_${randomBytes(24).toString('base64url')}`;
      tokens.set(token, new Set(scopes));
      return token;
    },
    setTokenScopes(token, scopes) {
      if (!tokens.has(token)) throw new Error('no such Polar token');
      tokens.set(token, new Set(scopes));
    },
    requestCount: () => count,
    resetRequestCount() {
      count = 0;
    },
    releaseHung: () => faults.releaseHung(),
  };
}

/**
 * A route's scope check: reads accept `<resource>:read` or `:write`, writes need `:write`
 * (the Read/Write dependencies of each module's auth.py). customer_sessions has no read scope.
 */
export function scoped(resource: string, access: 'read' | 'write'): MiddlewareHandler {
  const accepted = access === 'read' ? [`${resource}:read`, `${resource}:write`] : [`${resource}:write`];
  return async (c: Context, next) => {
    const scopes = c.get('scopes') as ReadonlySet<string> | undefined;
    if (!scopes || !accepted.some((scope) => scopes.has(scope))) return insufficientScope(c, accepted);
    await next();
  };
}
