// Resident memory of the `next start` process tree, sampled only while a load runs against it,
// so idle time between runs does not dilute the median.
import { treeRssMb } from './proc.ts';

export interface RssSampler {
  /** Samples every `intervalMs` while `work` runs. */
  during<T>(work: () => Promise<T>): Promise<T>;
  samples(): number[];
}

export function createRssSampler(root: number, intervalMs = 200): RssSampler {
  const taken: number[] = [];
  return {
    async during(work) {
      taken.push(treeRssMb(root));
      const timer = setInterval(() => taken.push(treeRssMb(root)), intervalMs);
      try {
        return await work();
      } finally {
        clearInterval(timer);
        taken.push(treeRssMb(root));
      }
    },
    samples: () => [...taken],
  };
}
