// Who a subscription belongs to, decided in SQL: a Polar customer, once linked, stays with its
// user; checkout metadata counts only for a customer with no live external id and no link; any
// event naming someone else is a conflict that moves nothing (and says so again on redelivery).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';
import { applyState, linkCustomer } from '../fixtures/subscription-states.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t?.stop());

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, seconds));
/** One new user per label, in order. */
const users = async <L extends string[]>(...labels: L) =>
  (await Promise.all(labels.map((label) => createUser(t.sql, `${label}-${randomUUID().slice(0, 6)}@billing-starter.dev`)))) as { [K in keyof L]: string };
const owned = async (userId: string) => (await t.sql`select subscription_id from public.subscriptions where user_id = ${userId} order by 1`).map((r) => r.subscription_id as string);
const summary = async (userId: string) => (await t.sql`select polar_customer_id, polar_subscription_id, status from public.user_subscriptions where user_id = ${userId}`)[0];
const recorded = async (webhookId: string) => (await t.sql`select outcome, user_id, detail from public.polar_webhook_events where webhook_id = ${webhookId}`)[0];

describe('a customer linked to a user', () => {
  it.each([
    ["the customer's external id", (b: string) => ({ userId: b })],
    ['the checkout metadata', (b: string) => ({ claimedUserId: b })],
  ])('stays with its user when an event names another one by %s: conflict, 202-kept, nothing moves', async (_name, names) => {
    const [alice, bob] = await users('alice', 'bob');
    const customer = `cus_${randomUUID()}`;
    await applyState(t.sql, { userId: alice, customerId: customer, subscriptionId: `sub_${randomUUID()}`, status: 'active', modifiedAt: at(1) });
    const before = { alice: await summary(alice), bob: await summary(bob) };

    const webhookId = `w-${randomUUID()}`;
    const hostile = { webhookId, customerId: customer, subscriptionId: `sub_${randomUUID()}`, status: 'active', modifiedAt: at(5), ...names(bob) };
    expect(await applyState(t.sql, hostile)).toBe('conflict');
    expect(await recorded(webhookId)).toMatchObject({ outcome: 'conflict', user_id: alice, detail: expect.stringContaining(bob) });
    expect((await recorded(webhookId))?.detail).toContain(alice);
    // Redelivered: a conflict still, and still nothing moves.
    expect(await applyState(t.sql, hostile)).toBe('conflict');
    expect(await owned(bob)).toEqual([]);
    expect({ alice: await summary(alice), bob: await summary(bob) }).toEqual(before);
  });

  it('keeps a subscription with its owner when an event claims it for another user through another customer', async () => {
    const [alice, bob] = await users('owner', 'thief');
    const sub = `sub_${randomUUID()}`;
    await applyState(t.sql, { userId: alice, customerId: `cus_${randomUUID()}`, subscriptionId: sub, status: 'active', modifiedAt: at(1) });
    expect(await applyState(t.sql, { userId: bob, customerId: `cus_${randomUUID()}`, subscriptionId: sub, status: 'canceled', modifiedAt: at(9) })).toBe('conflict');
    expect(await owned(alice)).toEqual([sub]);
    expect((await summary(alice))?.status).toBe('active');
  });
});

describe('checkout metadata', () => {
  it('links a new customer without an external id to the user it names', async () => {
    const [carol] = await users('carol');
    const customer = `cus_${randomUUID()}`;
    expect(await applyState(t.sql, { claimedUserId: carol, customerId: customer, subscriptionId: 'sub_meta', status: 'active', modifiedAt: at(1) })).toBe('applied');
    expect(await summary(carol)).toMatchObject({ polar_customer_id: customer, status: 'active' });
  });

  it('counts for a customer whose external id names an account since deleted (Polar reused it by email)', async () => {
    const [gone, returning] = await users('gone', 'returning');
    await t.sql`delete from auth.users where id = ${gone}`;
    const customer = `cus_${randomUUID()}`;
    expect(await applyState(t.sql, { userId: gone, claimedUserId: returning, customerId: customer, subscriptionId: `sub_${randomUUID()}`, status: 'active', modifiedAt: at(1) })).toBe('applied');
    expect((await summary(returning))?.polar_customer_id).toBe(customer);
  });

  it('does not count against a live external id: the customer goes to that user, the event is a conflict', async () => {
    const [erin, frank] = await users('erin', 'frank');
    const customer = `cus_${randomUUID()}`;
    expect(await applyState(t.sql, { userId: erin, claimedUserId: frank, customerId: customer, subscriptionId: `sub_${randomUUID()}`, status: 'active', modifiedAt: at(1) })).toBe('conflict');
    expect(await t.sql`select user_id from public.billing_customers where customer_id = ${customer}`).toEqual([{ user_id: erin }]);
    expect(await owned(frank)).toEqual([]);
    expect(await owned(erin)).toEqual([]);
  });

  it('cannot re-point a linked customer, nor the current plan of its user', async () => {
    const [grace, mallory] = await users('grace', 'mallory');
    const customer = `cus_${randomUUID()}`;
    expect(await linkCustomer(t.sql, customer, grace)).toBe('applied');
    expect(await applyState(t.sql, { claimedUserId: mallory, customerId: customer, subscriptionId: `sub_${randomUUID()}`, status: 'active', modifiedAt: at(1) })).toBe('conflict');
    expect(await linkCustomer(t.sql, customer, mallory)).toBe('conflict');
    expect(await t.sql`select user_id from public.billing_customers where customer_id = ${customer}`).toEqual([{ user_id: grace }]);
  });
});

describe('several customers, several subscriptions', () => {
  it('links each new customer of a user, keeps each subscription, and shows one current plan', async () => {
    const [heidi] = await users('heidi');
    const [first, second] = [`cus_${randomUUID()}`, `cus_${randomUUID()}`];
    await applyState(t.sql, { userId: heidi, customerId: first, subscriptionId: 'sub_h1', status: 'active', modifiedAt: at(1), startedAt: at(1) });
    // A second customer, found by email at Polar: no external id, the metadata names heidi.
    await applyState(t.sql, { claimedUserId: heidi, customerId: second, subscriptionId: 'sub_h2', status: 'active', modifiedAt: at(2), startedAt: at(2) });
    expect(await owned(heidi)).toEqual(['sub_h1', 'sub_h2']);
    expect(await summary(heidi)).toMatchObject({ polar_subscription_id: 'sub_h2', polar_customer_id: second });
    await applyState(t.sql, { customerId: second, subscriptionId: 'sub_h2', status: 'canceled', modifiedAt: at(3), startedAt: at(2) });
    expect(await summary(heidi)).toMatchObject({ polar_subscription_id: 'sub_h1', polar_customer_id: first, status: 'active' });
  });

  it('keeps concurrent first events of one new customer to one link', async () => {
    const [ivan] = await users('ivan');
    const customer = `cus_${randomUUID()}`;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => applyState(t.sql, { webhookId: `w-first-${customer}-${i}`, userId: ivan, customerId: customer, subscriptionId: `sub_${customer}_${i % 4}`, status: 'active', modifiedAt: at(i) })),
    );
    expect(outcomes.every((o) => o === 'applied' || o === 'stale' || o === 'duplicate')).toBe(true);
    expect(await t.sql`select count(*)::int as n from public.billing_customers where customer_id = ${customer}`).toEqual([{ n: 1 }]);
    expect((await owned(ivan)).length).toBe(4);
  });
});
