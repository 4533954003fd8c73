// Counts and breaks requests on purpose: benchmarks read the counts, resilience tests set faults.
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createFaultInjector, type Faults } from '../kit/faults.ts';

export type { Faults };

export interface RequestCounts {
  auth: number;
  rest: number;
  jwks: number;
}

export interface TrafficGuard {
  middleware: MiddlewareHandler;
  setFaults(f: Faults): void;
  requestCount(): number;
  counts(): RequestCounts;
  resetRequestCount(): void;
  /** Lets hung requests finish (with a 503) so the server can close. */
  releaseHung(): void;
}

export const JWKS_PATH = '/auth/v1/.well-known/jwks.json';

function faultResponse(c: Context, status: number): Response {
  if (status === 503 && c.req.path.startsWith('/rest/v1')) {
    // What PostgREST answers without its database (postgrest-js retries reads on it).
    return c.json({ code: 'PGRST001', message: 'Database client error. Retrying the connection.', details: null, hint: null }, 503);
  }
  // Carries both vocabularies so auth-js and postgrest-js each read a code.
  c.header('X-Supabase-Api-Version', '2024-01-01');
  const body = { code: 'injected_fault', message: `Injected fault (HTTP ${status})`, details: null, hint: null };
  return c.json(body, status as ContentfulStatusCode);
}

export function createTrafficGuard(): TrafficGuard {
  const faults = createFaultInjector();
  let total = 0;
  let perPrefix: RequestCounts = { auth: 0, rest: 0, jwks: 0 };

  const middleware: MiddlewareHandler = async (c, next) => {
    total += 1;
    const path = c.req.path;
    if (path === JWKS_PATH) perPrefix.jwks += 1;
    else if (path.startsWith('/auth/v1')) perPrefix.auth += 1;
    else if (path.startsWith('/rest/v1')) perPrefix.rest += 1;

    const injected = await faults.apply(c, faultResponse);
    if (injected) return injected;
    await next();
  };

  return {
    middleware,
    setFaults: (f) => faults.set(f),
    requestCount: () => total,
    counts: () => ({ ...perPrefix }),
    resetRequestCount() {
      total = 0;
      perPrefix = { auth: 0, rest: 0, jwks: 0 };
    },
    releaseHung: () => faults.releaseHung(),
  };
}
