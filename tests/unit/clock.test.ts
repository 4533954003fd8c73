// The stand-ins' clock: strictly increasing stamps, and an advance that moves time forward by
// what was asked from the last stamp handed out, even when a burst of stamps ran ahead of real
// time (a payment stamps dozens of records in one millisecond).
import { describe, expect, it } from 'vitest';
import { createClock } from '../../local/kit/clock.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('createClock', () => {
  it('hands out strictly increasing times, even many within one millisecond', () => {
    const clock = createClock();
    const stamps = Array.from({ length: 5_000 }, () => clock.now().getTime());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
  });

  it('advances from the last time handed out, so a period that just started has ended once it has passed', async () => {
    const clock = createClock();
    // A burst puts the clock ahead of real time.
    let last = 0;
    for (let i = 0; i < 5_000; i++) last = clock.now().getTime();
    expect(last).toBeGreaterThan(Date.now());
    const periodEnd = last + 31 * DAY;
    let seen = 0;
    clock.onAdvance((now) => {
      seen = now.getTime();
    });
    await clock.advance(31 * DAY);
    expect(seen).toBeGreaterThanOrEqual(periodEnd);
    expect(clock.now().getTime()).toBeGreaterThan(periodEnd);
  });

  it('only moves forward', () => {
    expect(() => createClock().advance(-1)).toThrow(/only moves forward/);
  });
});
