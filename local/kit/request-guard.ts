// What every stand-in does first with an API request, before its own checks (keys, versions,
// media types): count it (tests and the bench read the counts) and break it on purpose when a
// test asked for faults, answered in the stand-in's own error vocabulary.
import type { Context } from 'hono';
import { createFaultInjector, type Faults } from './faults.ts';

export interface RequestGuard {
  /** Counts the request; resolves to the injected fault's answer, or undefined to go on. */
  admit(c: Context): Promise<Response | undefined>;
  setFaults(f: Faults): void;
  requestCount(): number;
  /** Lets hung requests finish (with a 503) so the server can close. */
  releaseHung(): void;
}

export function createRequestGuard(faultResponse: (c: Context, status: number) => Response): RequestGuard {
  const faults = createFaultInjector();
  let count = 0;
  return {
    admit(c) {
      count += 1;
      return faults.apply(c, faultResponse);
    },
    setFaults: (f) => faults.set(f),
    requestCount: () => count,
    releaseHung: () => faults.releaseHung(),
  };
}
