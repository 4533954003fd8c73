// The shared throttling store: public.consume_rate_limit decides in SQL, under row locks, so
// every app instance counts against the same buckets. Time passing is simulated by moving the
// stored hits back, never by waiting.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t?.stop());

type Bucket = { key: string; limit: number; window_seconds: number };
const consume = async (...buckets: Bucket[]): Promise<number> => {
  const [row] = await t.sql<[{ wait: number }]>`select public.consume_rate_limit(${t.sql.json(buckets)}) as wait`;
  return row.wait;
};
const key = (label: string) => `${label}:${randomUUID()}`;
const hitsOf = async (k: string): Promise<number> => {
  const [row] = await t.sql<[{ n: number } | undefined]>`select cardinality(hits) as n from public.rate_limit_buckets where key = ${k}`;
  return row?.n ?? 0;
};
/** Moves every stored hit of `k` `seconds` into the past. */
const age = (k: string, seconds: number) =>
  t.sql`update public.rate_limit_buckets set hits = array(select h - make_interval(secs => ${seconds}) from unnest(hits) h), expires_at = expires_at - make_interval(secs => ${seconds}) where key = ${k}`;

describe('consume_rate_limit', () => {
  it('allows `limit` hits in the window, then answers the seconds until the oldest leaves it', async () => {
    const k = key('basic');
    for (let i = 0; i < 3; i++) expect(await consume({ key: k, limit: 3, window_seconds: 60 })).toBe(0);
    const wait = await consume({ key: k, limit: 3, window_seconds: 60 });
    expect(wait).toBeGreaterThanOrEqual(59);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await hitsOf(k)).toBe(3);
  });

  it('is a sliding window: room returns hit by hit as each leaves the window', async () => {
    const k = key('sliding');
    const b = { key: k, limit: 2, window_seconds: 60 };
    await consume(b);
    await age(k, 50); // the first hit was 50 s ago
    await consume(b);
    const wait = await consume(b);
    expect(wait).toBeGreaterThanOrEqual(9);
    expect(wait).toBeLessThanOrEqual(10);
    await age(k, 11); // the first hit is now 61 s old: one place is free, not two
    expect(await consume(b)).toBe(0);
    expect(await consume(b)).toBeGreaterThan(0);
  });

  it('records nothing for a refused request, so hammering does not push the wait back', async () => {
    const k = key('refused');
    const b = { key: k, limit: 1, window_seconds: 30 };
    await consume(b);
    for (let i = 0; i < 5; i++) expect(await consume(b)).toBeGreaterThan(0);
    expect(await hitsOf(k)).toBe(1);
    await age(k, 31);
    expect(await consume(b)).toBe(0);
  });

  it('is all or nothing across buckets: a full one leaves the others untouched', async () => {
    const [address, account] = [key('address'), key('account')];
    expect(await consume({ key: address, limit: 1, window_seconds: 300 }, { key: account, limit: 5, window_seconds: 300 })).toBe(0);
    expect(await consume({ key: address, limit: 1, window_seconds: 300 }, { key: account, limit: 5, window_seconds: 300 })).toBeGreaterThan(290);
    expect(await hitsOf(account)).toBe(1);
    // The longest wait of the full buckets is the answer.
    const other = key('other');
    await consume({ key: other, limit: 1, window_seconds: 10 });
    expect(await consume({ key: other, limit: 1, window_seconds: 10 }, { key: address, limit: 1, window_seconds: 300 })).toBeGreaterThan(290);
  });

  it('counts a key named twice in one call once', async () => {
    const k = key('twice');
    await consume({ key: k, limit: 5, window_seconds: 60 }, { key: k, limit: 5, window_seconds: 60 });
    expect(await hitsOf(k)).toBe(1);
  });

  it('admits exactly `limit` of 40 concurrent requests', async () => {
    const k = key('concurrent');
    const waits = await Promise.all(Array.from({ length: 40 }, () => consume({ key: k, limit: 10, window_seconds: 60 })));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(await hitsOf(k)).toBe(10);
  });

  it('removes expired buckets as it goes, so the table does not grow with old keys', async () => {
    const prefix = `expired-${randomUUID()}`;
    await t.sql`
      insert into public.rate_limit_buckets (key, hits, expires_at)
      select ${prefix} || ':' || i, array[now() - interval '2 hours'], now() - interval '1 hour' from generate_series(1, 35) i`;
    const live = key('live');
    await consume({ key: live, limit: 5, window_seconds: 3600 });
    const left = async () => (await t.sql`select count(*)::int as n from public.rate_limit_buckets where key like ${`${prefix}:%`}`)[0]!.n as number;
    expect(await left()).toBeLessThanOrEqual(15);
    await consume({ key: live, limit: 5, window_seconds: 3600 });
    expect(await left()).toBe(0);
    expect(await hitsOf(live)).toBe(2);
  });

  it.each([
    ['not an array', { key: 'k', limit: 1, window_seconds: 1 }],
    ['an empty array', []],
    ['nine buckets', Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, limit: 1, window_seconds: 1 }))],
    ['a limit of 0', [{ key: 'k', limit: 0, window_seconds: 60 }]],
    ['no window', [{ key: 'k', limit: 1 }]],
    ['an empty key', [{ key: '', limit: 1, window_seconds: 60 }]],
    ['a key of 201 characters', [{ key: 'k'.repeat(201), limit: 1, window_seconds: 60 }]],
  ])('refuses %s', async (_name, value) => {
    await expect(t.sql`select public.consume_rate_limit(${t.sql.json(value as never)})`).rejects.toMatchObject({ code: '22023' });
  });

  it('is for the service role only: the API roles can neither call it nor read the table', async () => {
    for (const role of ['anon', 'authenticated'] as const) {
      await expect(asRole(t.sql, role, null, (tx) => tx`select public.consume_rate_limit('[{"key":"x","limit":1,"window_seconds":1}]'::jsonb)`)).rejects.toMatchObject({ code: '42501' });
      await expect(asRole(t.sql, role, null, (tx) => tx`select * from public.rate_limit_buckets`)).rejects.toMatchObject({ code: '42501' });
    }
    const [row] = await asRole(t.sql, 'service_role', null, (tx) => tx`select public.consume_rate_limit('[{"key":"svc","limit":1,"window_seconds":1}]'::jsonb) as wait`);
    expect(row).toEqual({ wait: 0 });
  });
});
