import type { MiddlewareHandler } from 'hono';
import { createFaultInjector, type Faults } from '../http/faults.ts';
import { faultResponse, invalidToken } from './errors.ts';

export type { Faults };

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
  const faults = createFaultInjector();
  let count = 0;

  const middleware: MiddlewareHandler = async (c, next) => {
    count += 1;
    const injected = await faults.apply(c, faultResponse);
    if (injected) return injected;
    // Compare the whole header: Polar rejects anything but an exact bearer token.
    if (c.req.header('authorization') !== `Bearer ${accessToken}`) return invalidToken(c);
    await next();
  };

  return {
    middleware,
    setFaults: (f) => faults.set(f),
    requestCount: () => count,
    resetRequestCount() {
      count = 0;
    },
    releaseHung: () => faults.releaseHung(),
  };
}
