// The SQL write path: one subscription event applied atomically, with deduplication on
// webhook-id and ordering on Polar's modified_at decided by Postgres under a row lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';
import { applyState, linkCustomer } from '../fixtures/subscription-states.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t?.stop());

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, seconds));

async function rowOf(userId: string) {
  const [row] = await t.sql`select * from public.user_subscriptions where user_id = ${userId}`;
  return row;
}

async function outcomeOf(webhookId: string) {
  const [row] = await t.sql`select outcome, user_id from public.polar_webhook_events where webhook_id = ${webhookId}`;
  return row;
}

describe('apply_polar_subscription', () => {
  it('creates the row and records the delivery as applied', async () => {
    const user = await createUser(t.sql, 'first@billing-starter.dev');
    const outcome = await applyState(t.sql, { webhookId: 'w-first', userId: user, customerId: 'cus_first', subscriptionId: 'sub_first', status: 'active', modifiedAt: at(1) });
    expect(outcome).toBe('applied');
    expect(await rowOf(user)).toMatchObject({ polar_customer_id: 'cus_first', polar_subscription_id: 'sub_first', status: 'active', provider: 'polar', polar_modified_at: at(1) });
    expect(await outcomeOf('w-first')).toEqual({ outcome: 'applied', user_id: user });
  });

  it('ignores a redelivered webhook-id, even one carrying a newer state', async () => {
    const user = await createUser(t.sql, 'dup@billing-starter.dev');
    await applyState(t.sql, { webhookId: 'w-dup', userId: user, customerId: 'cus_dup', subscriptionId: 'sub_dup', status: 'active', modifiedAt: at(1) });
    const outcome = await applyState(t.sql, { webhookId: 'w-dup', userId: user, customerId: 'cus_dup', subscriptionId: 'sub_dup', status: 'canceled', modifiedAt: at(9) });
    expect(outcome).toBe('duplicate');
    expect((await rowOf(user))?.status).toBe('active');
    expect(await outcomeOf('w-dup')).toMatchObject({ outcome: 'applied' });
  });

  it('calls the same state under a new webhook-id a duplicate, and records it', async () => {
    const user = await createUser(t.sql, 'twice@billing-starter.dev');
    const state = { userId: user, customerId: 'cus_twice', subscriptionId: 'sub_twice', status: 'active', modifiedAt: at(3) };
    await applyState(t.sql, { ...state, webhookId: 'w-twice-1' });
    expect(await applyState(t.sql, { ...state, webhookId: 'w-twice-2' })).toBe('duplicate');
    expect(await outcomeOf('w-twice-2')).toMatchObject({ outcome: 'duplicate' });
  });

  it('ignores a state older than the stored one (out-of-order delivery)', async () => {
    const user = await createUser(t.sql, 'stale@billing-starter.dev');
    await applyState(t.sql, { webhookId: 'w-new', userId: user, customerId: 'cus_stale', subscriptionId: 'sub_stale', status: 'active', cancelAtPeriodEnd: true, modifiedAt: at(5) });
    const outcome = await applyState(t.sql, { webhookId: 'w-old', userId: user, customerId: 'cus_stale', subscriptionId: 'sub_stale', status: 'active', modifiedAt: at(2) });
    expect(outcome).toBe('stale');
    expect(await rowOf(user)).toMatchObject({ cancel_at_period_end: true, polar_modified_at: at(5) });
    expect(await outcomeOf('w-old')).toMatchObject({ outcome: 'stale', user_id: user });
  });

  it('keeps a delivery for an unknown user as unmatched, writing no subscription', async () => {
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const outcome = await applyState(t.sql, { webhookId: 'w-ghost', userId: ghost, customerId: 'cus_ghost', subscriptionId: 'sub_ghost', status: 'active', modifiedAt: at(1) });
    expect(outcome).toBe('unmatched');
    expect(await outcomeOf('w-ghost')).toEqual({ outcome: 'unmatched', user_id: null });
    expect(await t.sql`select 1 from public.user_subscriptions where polar_customer_id = 'cus_ghost'`).toHaveLength(0);
  });

  it('finds the user through the stored customer id when the event names none', async () => {
    const user = await createUser(t.sql, 'bycustomer@billing-starter.dev');
    await applyState(t.sql, { userId: user, customerId: 'cus_by', subscriptionId: 'sub_by', status: 'active', modifiedAt: at(1) });
    expect(await applyState(t.sql, { webhookId: 'w-by', customerId: 'cus_by', subscriptionId: 'sub_by', status: 'past_due', modifiedAt: at(2) })).toBe('applied');
    expect((await rowOf(user))?.status).toBe('past_due');
  });

  it('records nothing in the events table for a state synced from the API (no webhook-id)', async () => {
    const user = await createUser(t.sql, 'sync@billing-starter.dev');
    const before = await t.sql`select count(*)::int as n from public.polar_webhook_events`;
    expect(await applyState(t.sql, { userId: user, customerId: 'cus_sync', subscriptionId: 'sub_sync', status: 'active', modifiedAt: at(1) })).toBe('applied');
    const after = await t.sql`select count(*)::int as n from public.polar_webhook_events`;
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('keeps every subscription: an old one ending leaves the newer live one current', async () => {
    const user = await createUser(t.sql, 'resub@billing-starter.dev');
    await applyState(t.sql, { userId: user, customerId: 'cus_re', subscriptionId: 'sub_new', status: 'active', modifiedAt: at(10) });
    expect(await applyState(t.sql, { userId: user, customerId: 'cus_re', subscriptionId: 'sub_old', status: 'canceled', modifiedAt: at(20) })).toBe('applied');
    expect(await rowOf(user)).toMatchObject({ polar_subscription_id: 'sub_new', status: 'active' });
    const all = await t.sql`select subscription_id, status from public.subscriptions where user_id = ${user} order by subscription_id`;
    expect(all).toEqual([{ subscription_id: 'sub_new', status: 'active' }, { subscription_id: 'sub_old', status: 'canceled' }]);
  });

  it.each([
    ['incomplete, then active', ['incomplete', 'active']],
    ['active, then incomplete', ['active', 'incomplete']],
    ['active, then canceled', ['active', 'canceled']],
    ['canceled, then active', ['canceled', 'active']],
  ])('settles a tie on modified_at the same way in any order (%s)', async (_name, order) => {
    const user = await createUser(t.sql, `tie-${order.join('-')}@billing-starter.dev`);
    const sub = `sub_tie_${order.join('_')}`;
    const outcomes = [];
    for (const status of order) outcomes.push(await applyState(t.sql, { userId: user, customerId: `cus_${sub}`, subscriptionId: sub, status, modifiedAt: at(7) }));
    const winner = order.includes('canceled') ? 'canceled' : 'active';
    expect((await rowOf(user))?.status).toBe(winner);
    expect(outcomes[1]).toBe(order[1] === winner ? 'applied' : 'stale');
  });

  it('ends 50 concurrent, shuffled deliveries for one subscription in the newest state', async () => {
    const user = await createUser(t.sql, 'race@billing-starter.dev');
    const events = Array.from({ length: 50 }, (_, i) => ({
      webhookId: `w-race-${i}`,
      userId: user,
      customerId: 'cus_race',
      subscriptionId: 'sub_race',
      status: i === 49 ? 'canceled' : 'active',
      cancelAtPeriodEnd: i % 2 === 1,
      modifiedAt: at(i),
    }));
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    // Every delivery twice, all at once: duplicates race their originals too.
    const outcomes = await Promise.all([...shuffled, ...shuffled].map((event) => applyState(t.sql, event)));

    expect(await rowOf(user)).toMatchObject({ status: 'canceled', cancel_at_period_end: true, polar_modified_at: at(49) });
    expect(await t.sql`select count(*)::int as n from public.subscriptions where user_id = ${user}`).toEqual([{ n: 1 }]);
    expect(outcomes.filter((o) => o === 'duplicate').length).toBeGreaterThanOrEqual(50);
    const recorded = await t.sql`select count(*)::int as n from public.polar_webhook_events where webhook_id like 'w-race-%'`;
    expect(recorded[0]?.n).toBe(50);
  });
});

describe('link_polar_customer', () => {
  it('links a customer to its user once, and leaves the subscription alone', async () => {
    const user = await createUser(t.sql, 'link@billing-starter.dev');
    expect(await linkCustomer(t.sql, 'cus_link', user, 'w-link')).toBe('applied');
    expect(await linkCustomer(t.sql, 'cus_link', user, 'w-link')).toBe('duplicate');
    expect(await rowOf(user)).toMatchObject({ polar_customer_id: 'cus_link', status: null });
    expect(await t.sql`select user_id from public.billing_customers where customer_id = 'cus_link'`).toEqual([{ user_id: user }]);
  });
});
