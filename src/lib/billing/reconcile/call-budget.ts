// How fast the reconciler may call Polar: under a share of the organization's per-minute limit
// (the budget every user's portal and checkout also draw on), waiting rather than exceeding it,
// and backing off as Polar says when it answers 429 anyway.
import { PolarRateLimitError } from 'polar-sdk-v1';

export interface CallBudget {
  /** Runs one Polar call within the budget; throws OutOfTime when the run's time is up. */
  call<T>(work: () => Promise<T>): Promise<T>;
  readonly calls: number;
}

export class OutOfTime extends Error {
  constructor() {
    super('The reconcile run used its time budget');
    this.name = 'OutOfTime';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `perMinute` calls in any 60 s, none once `deadline` (ms since epoch) has passed. */
export function createCallBudget({ perMinute, deadline, now = Date.now }: { perMinute: number; deadline: number; now?: () => number }): CallBudget {
  const recent: number[] = [];
  let calls = 0;

  async function slot(): Promise<void> {
    for (;;) {
      const at = now();
      while (recent.length && at - recent[0]! >= 60_000) recent.shift();
      if (recent.length < perMinute) {
        if (at >= deadline) throw new OutOfTime();
        recent.push(at);
        return;
      }
      const wait = 60_000 - (at - recent[0]!);
      if (at + wait >= deadline) throw new OutOfTime();
      await sleep(wait);
    }
  }

  return {
    async call(work) {
      for (;;) {
        await slot();
        calls += 1;
        try {
          return await work();
        } catch (error) {
          if (!(error instanceof PolarRateLimitError)) throw error;
          // Polar's window is a minute; its Retry-After says how much of it is left to wait.
          const wait = (error.retryAfter ?? 60) * 1000;
          if (now() + wait >= deadline) throw new OutOfTime();
          await sleep(wait);
        }
      }
    },
    get calls() {
      return calls;
    },
  };
}
