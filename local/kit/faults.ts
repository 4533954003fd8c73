// Breaking a stand-in on purpose, the same way for every stand-in: add latency, answer a chosen
// status, or hang until told otherwise. Resilience tests and benchmarks set these.
import type { Context } from 'hono';

export interface Faults {
  latencyMs?: number;
  status?: number;
  hang?: boolean;
}

export interface FaultInjector {
  set(faults: Faults): void;
  /**
   * Applies the current faults to one request: resolves to the answer to send instead
   * (`faultResponse(c, status)` builds it in the stand-in's own vocabulary), or undefined to
   * carry on.
   */
  apply(c: Context, faultResponse: (c: Context, status: number) => Response): Promise<Response | undefined>;
  /** Lets hung requests finish (with a 503) so the server can close. */
  releaseHung(): void;
}

export function createFaultInjector(): FaultInjector {
  let faults: Faults = {};
  const hung = new Set<() => void>();
  const releaseHung = () => {
    for (const release of hung) release();
    hung.clear();
  };

  return {
    set(next) {
      faults = { ...next };
      if (!next.hang) releaseHung();
    },
    async apply(c, faultResponse) {
      const { latencyMs, status, hang } = faults;
      if (latencyMs && latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (hang) {
        await new Promise<void>((resolve) => hung.add(resolve));
        return faultResponse(c, 503);
      }
      if (status) return faultResponse(c, status);
      return undefined;
    },
    releaseHung,
  };
}
