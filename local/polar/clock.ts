// modified_at is what consumers order webhook events by, so two changes in the
// same millisecond must still get distinct, increasing timestamps.
let last = 0;

export function tick(): Date {
  const now = Date.now();
  last = now > last ? now : last + 1;
  return new Date(last);
}

export function addInterval(from: Date, interval: 'day' | 'week' | 'month' | 'year', count: number): Date {
  const d = new Date(from.getTime());
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + count);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7 * count);
  else if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + count);
  else d.setUTCFullYear(d.getUTCFullYear() + count);
  return d;
}
