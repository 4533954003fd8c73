import type { MiddlewareHandler } from 'hono';
import { faultResponse, invalidToken } from './errors.ts';

export interface Faults {
  latencyMs?: number;
  status?: number;
  hang?: boolean;
}

export interface ApiGuard {
  middleware: MiddlewareHandler;
  setFaults(f: Faults): void;
  requestCount(): number;
  resetRequestCount(): void;
  /** Lets hung requests finish (with a 503) so the server can close. */
  releaseHung(): void;
}

/** Counts, delays, breaks and authenticates every /v1 call, in that order. */
export function createApiGuard(accessToken: string): ApiGuard {
  let faults: Faults = {};
  let count = 0;
  const hung = new Set<() => void>();

  const releaseHung = () => {
    for (const release of hung) release();
    hung.clear();
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    count += 1;
    const { latencyMs, status, hang } = faults;
    if (latencyMs && latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (hang) {
      await new Promise<void>((resolve) => hung.add(resolve));
      return faultResponse(c, 503);
    }
    if (status) return faultResponse(c, status);
    // Compare the whole header: Polar rejects anything but an exact bearer token.
    if (c.req.header('authorization') !== `Bearer ${accessToken}`) return invalidToken(c);
    await next();
  };

  return {
    middleware,
    setFaults(f) {
      faults = { ...f };
      if (!f.hang) releaseHung();
    },
    requestCount: () => count,
    resetRequestCount() {
      count = 0;
    },
    releaseHung,
  };
}
