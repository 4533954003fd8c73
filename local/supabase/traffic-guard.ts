// Counts and breaks requests on purpose: benchmarks read the counts, resilience tests set faults.
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface Faults {
  latencyMs?: number;
  status?: number;
  hang?: boolean;
}

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

export function createTrafficGuard(): TrafficGuard {
  let faults: Faults = {};
  let total = 0;
  let perPrefix: RequestCounts = { auth: 0, rest: 0, jwks: 0 };
  const hung = new Set<() => void>();

  const releaseHung = () => {
    for (const release of hung) release();
    hung.clear();
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    total += 1;
    const path = c.req.path;
    if (path === JWKS_PATH) perPrefix.jwks += 1;
    else if (path.startsWith('/auth/v1')) perPrefix.auth += 1;
    else if (path.startsWith('/rest/v1')) perPrefix.rest += 1;

    const { latencyMs, status, hang } = faults;
    if (latencyMs && latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (hang) {
      await new Promise<void>((resolve) => hung.add(resolve));
      return c.json({ message: 'Injected fault: the request hung' }, 503);
    }
    if (status) {
      // Carries both vocabularies so auth-js and postgrest-js each read a code.
      c.header('X-Supabase-Api-Version', '2024-01-01');
      const body = { code: 'injected_fault', message: `Injected fault (HTTP ${status})`, details: null, hint: null };
      return c.json(body, status as ContentfulStatusCode);
    }
    await next();
  };

  return {
    middleware,
    setFaults(f) {
      faults = { ...f };
      if (!f.hang) releaseHung();
    },
    requestCount: () => total,
    counts: () => ({ ...perPrefix }),
    resetRequestCount() {
      total = 0;
      perPrefix = { auth: 0, rest: 0, jwks: 0 };
    },
    releaseHung,
  };
}
