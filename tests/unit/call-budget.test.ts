// The reconciler's pacing: a share of Polar's per-minute limit, waiting rather than exceeding
// it, Polar's own Retry-After honoured on a 429, and nothing started once the run's time is up.
import { PolarRateLimitError } from 'polar-sdk-v1';
import { describe, expect, it } from 'vitest';
import { createCallBudget, OutOfTime } from '@/lib/billing/reconcile/call-budget';

/** A clock that starts at 0 and moves with real time, plus whatever a test skips forward. */
function testClock() {
  const start = Date.now();
  let skipped = 0;
  return { now: () => Date.now() - start + skipped, skip: (ms: number) => void (skipped += ms) };
}

const ok = () => Promise.resolve('ok');

describe('createCallBudget', () => {
  it('allows perMinute calls at once and counts them', async () => {
    const clock = testClock();
    const budget = createCallBudget({ perMinute: 3, deadline: 120_000, now: clock.now });
    await Promise.all([budget.call(ok), budget.call(ok), budget.call(ok)]);
    expect(budget.calls).toBe(3);
  });

  it('waits for the oldest call of the minute to age out, then calls', async () => {
    const clock = testClock();
    const budget = createCallBudget({ perMinute: 2, deadline: 120_000, now: clock.now });
    await budget.call(ok);
    await budget.call(ok);
    clock.skip(59_980);
    const started = Date.now();
    await expect(budget.call(ok)).resolves.toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(budget.calls).toBe(3);
  });

  it('stops with OutOfTime, without calling, when the wait would pass the deadline', async () => {
    const clock = testClock();
    const budget = createCallBudget({ perMinute: 1, deadline: 30_000, now: clock.now });
    await budget.call(ok);
    let called = false;
    await expect(budget.call(async () => (called = true))).rejects.toBeInstanceOf(OutOfTime);
    expect(called).toBe(false);
    expect(budget.calls).toBe(1);
  });

  it('starts nothing once the deadline has passed', async () => {
    const clock = testClock();
    const budget = createCallBudget({ perMinute: 100, deadline: 1_000, now: clock.now });
    clock.skip(1_000);
    await expect(budget.call(ok)).rejects.toBeInstanceOf(OutOfTime);
    expect(budget.calls).toBe(0);
  });

  it("waits out a 429's Retry-After and tries again", async () => {
    const clock = testClock();
    const budget = createCallBudget({ perMinute: 100, deadline: 120_000, now: clock.now });
    let attempts = 0;
    const result = await budget.call(async () => {
      attempts += 1;
      if (attempts === 1) throw new PolarRateLimitError(429, 0);
      return 'after the wait';
    });
    expect(result).toBe('after the wait');
    expect(budget.calls).toBe(2);
  });

  it('stops with OutOfTime when the Retry-After reaches past the deadline', async () => {
    const clock = testClock();
    const budget = createCallBudget({ perMinute: 100, deadline: 30_000, now: clock.now });
    await expect(budget.call(() => Promise.reject(new PolarRateLimitError(429, 60)))).rejects.toBeInstanceOf(OutOfTime);
  });

  it('passes any other failure through', async () => {
    const budget = createCallBudget({ perMinute: 100, deadline: Date.now() + 60_000 });
    await expect(budget.call(() => Promise.reject(new Error('502 from Polar')))).rejects.toThrow('502 from Polar');
  });
});
