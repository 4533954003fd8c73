// A stand-in's clock: real time plus an offset that tests (and `npm run dev`'s control) move
// forward, so a month-long billing period ends in a moment. Timestamps it hands out strictly
// increase, because consumers order events by them (two changes in one millisecond must still
// differ). What happens when time passes (renewals, trial ends, payment retries) is the stand-in's
// business: it registers a handler that `advance` runs with the new time.
export interface Clock {
  /** The current time, strictly later than any time handed out before. */
  now(): Date;
  /** Moves time forward by `ms` (at least: from the last time handed out), then lets every handler catch up with it, in order. */
  advance(ms: number): Promise<void>;
  /** Runs after each advance (and may schedule work of its own at the new time). */
  onAdvance(handler: (now: Date) => Promise<void> | void): void;
  /** How far ahead of real time this clock is, in ms. */
  offsetMs(): number;
}

export function createClock(initialOffsetMs = 0): Clock {
  let offset = initialOffsetMs;
  let last = 0;
  const handlers: Array<(now: Date) => Promise<void> | void> = [];
  // Advances run one at a time: a second caller waits for the first to settle.
  let running: Promise<void> = Promise.resolve();

  const now = () => {
    const t = Date.now() + offset;
    last = t > last ? t : last + 1;
    return new Date(last);
  };

  return {
    now,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`the clock only moves forward (got ${ms} ms)`);
      running = running.then(async () => {
        // From the clock's own reading, which a burst of stamps can put ahead of real time: a
        // month-long period that started a moment ago has ended once a month has been added.
        const from = now().getTime();
        offset = Math.max(offset + ms, from + ms - Date.now());
        for (const handler of handlers) await handler(now());
      });
      return running;
    },
    onAdvance(handler) {
      handlers.push(handler);
    },
    offsetMs: () => offset,
  };
}

export type Interval = 'day' | 'week' | 'month' | 'year';

/**
 * `from` plus `count` intervals, in UTC. Months keep the anchor day, clamped to the month's
 * length (31 January + 1 month = 28/29 February), as Polar's RecurringInterval.get_next_period.
 */
export function addInterval(from: Date, interval: Interval, count: number, anchorDay = from.getUTCDate()): Date {
  const d = new Date(from.getTime());
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + count);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7 * count);
  else {
    const months = interval === 'month' ? count : 12 * count;
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(anchorDay, lastDay));
    return target;
  }
  return d;
}
