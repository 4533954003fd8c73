// Breaking a stand-in's webhook sending on purpose, as networks and at-least-once senders do:
// an attempt dropped before it is sent, one whose answer is lost after the receiver acted on it,
// one the sender stops waiting for while the receiver is still at work (past the timeout), one
// sent twice at once, one held back while later events overtake it. The failed ones are retried.
// The chaos suite turns these on; each attempt draws from a seeded generator, so a failing run
// names the seed that replays its faults (timing aside).

export type AttemptFault = 'none' | 'drop' | 'abort-after-send' | 'timeout' | 'duplicate' | 'delay';

export interface SenderFaults {
  seed: number;
  /** Probability of each fault per attempt (their sum at most 1). */
  drop?: number;
  abortAfterSend?: number;
  timeout?: number;
  duplicate?: number;
  delay?: number;
  /** Longest hold of a delayed attempt, and longest wait before a timed-out one is given up, ms. */
  maxDelayMs?: number;
}

export type SenderFaultCounts = Record<Exclude<AttemptFault, 'none'>, number>;

export interface SenderFaultInjector {
  /** null switches every fault off (and keeps the counts until the next set). */
  set(faults: SenderFaults | null): void;
  /** The fault for one attempt, and for a delay how long to hold it. */
  draw(): { fault: AttemptFault; delayMs: number };
  counts(): SenderFaultCounts;
}

export function createSenderFaultInjector(): SenderFaultInjector {
  let faults: SenderFaults | null = null;
  let random = () => 1;
  let counts: SenderFaultCounts = { drop: 0, 'abort-after-send': 0, timeout: 0, duplicate: 0, delay: 0 };

  return {
    set(next) {
      faults = next && { ...next };
      if (next) {
        random = mulberry32(next.seed);
        counts = { drop: 0, 'abort-after-send': 0, timeout: 0, duplicate: 0, delay: 0 };
      }
    },
    draw() {
      if (!faults) return { fault: 'none', delayMs: 0 };
      const roll = random();
      const table: [Exclude<AttemptFault, 'none'>, number | undefined][] = [
        ['drop', faults.drop],
        ['abort-after-send', faults.abortAfterSend],
        ['timeout', faults.timeout],
        ['duplicate', faults.duplicate],
        ['delay', faults.delay],
      ];
      let edge = 0;
      for (const [fault, probability] of table) {
        edge += probability ?? 0;
        if (roll < edge) {
          counts[fault] += 1;
          const waits = fault === 'delay' || fault === 'timeout';
          return { fault, delayMs: waits ? Math.floor(random() * (faults.maxDelayMs ?? 200)) : 0 };
        }
      }
      return { fault: 'none', delayMs: 0 };
    },
    counts: () => ({ ...counts }),
  };
}

/** A small seeded generator (uniform in [0, 1)): the same seed, the same draws. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
