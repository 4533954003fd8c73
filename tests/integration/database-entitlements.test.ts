// Entitlements in SQL: benefit grants kept in order, customer-state snapshots, has_entitlement
// asked as the signed-in user (and by an RLS policy), and the current plan derived from all of
// a user's subscriptions.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, createUser, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';
import { applyCustomerState, applyGrant, applyState, linkCustomer } from '../fixtures/subscription-states.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t?.stop());

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, seconds));
const newUser = (label: string) => createUser(t.sql, `${label}-${randomUUID().slice(0, 6)}@billing-starter.dev`);
const has = async (userId: string, key: string) =>
  (await asRole(t.sql, 'authenticated', userId, (tx) => tx`select public.has_entitlement(${key}) as granted`))[0]?.granted as boolean;

describe('benefit grants', () => {
  it('grant, revoke and grant again in order; an older event changes nothing', async () => {
    const user = await newUser('grants');
    const customer = `cus_${randomUUID()}`;
    const grant = { grantId: `g_${randomUUID()}`, customerId: customer, benefitId: 'ben_pro', key: 'pro', userId: user };
    expect(await applyGrant(t.sql, { ...grant, grantedAt: at(1), modifiedAt: at(1) })).toBe('applied');
    expect(await has(user, 'pro')).toBe(true);
    expect(await applyGrant(t.sql, { ...grant, grantedAt: at(1), revokedAt: at(5), modifiedAt: at(5) })).toBe('applied');
    expect(await has(user, 'pro')).toBe(false);
    expect(await applyGrant(t.sql, { ...grant, grantedAt: at(1), modifiedAt: at(3) })).toBe('stale');
    expect(await has(user, 'pro')).toBe(false);
    // Re-granted later: Polar reuses the grant's id.
    expect(await applyGrant(t.sql, { ...grant, grantedAt: at(9), modifiedAt: at(9) })).toBe('applied');
    expect(await has(user, 'pro')).toBe(true);
  });

  it('lets a revocation win a tie on modified_at, in either order', async () => {
    for (const order of [['granted', 'revoked'], ['revoked', 'granted']]) {
      const user = await newUser('grant-tie');
      const grant = { grantId: `g_${randomUUID()}`, customerId: `cus_${randomUUID()}`, benefitId: 'b', key: 'pro', userId: user, grantedAt: at(1), modifiedAt: at(4) };
      for (const state of order) await applyGrant(t.sql, state === 'revoked' ? { ...grant, revokedAt: at(4) } : grant);
      expect(await has(user, 'pro'), order.join(' then ')).toBe(false);
    }
  });

  it("finds the user through the grant's subscription when the customer has no external id", async () => {
    const user = await newUser('via-sub');
    const customer = `cus_${randomUUID()}`;
    await applyState(t.sql, { claimedUserId: user, customerId: customer, subscriptionId: 'sub_via', status: 'active', modifiedAt: at(1) });
    expect(await applyGrant(t.sql, { grantId: `g_${randomUUID()}`, customerId: customer, benefitId: 'b', key: 'core', subscriptionId: 'sub_via', grantedAt: at(2), modifiedAt: at(2) })).toBe('applied');
    expect(await has(user, 'core')).toBe(true);
  });

  it('keeps a grant of an unknown customer as unmatched', async () => {
    expect(await applyGrant(t.sql, { webhookId: `w-${randomUUID()}`, grantId: `g_${randomUUID()}`, customerId: `cus_${randomUUID()}`, benefitId: 'b', key: 'pro', grantedAt: at(1), modifiedAt: at(1) })).toBe('unmatched');
  });
});

describe('customer state snapshots', () => {
  it('grant what they list and revoke what they leave out, unless the stored state is newer', async () => {
    const user = await newUser('snapshot');
    const customer = `cus_${randomUUID()}`;
    await linkCustomer(t.sql, customer, user);
    const [core, pro, late] = ['core', 'pro', 'late'].map((key) => ({ grantId: `g_${key}_${randomUUID()}`, benefitId: `ben_${key}`, key }));
    expect(await applyCustomerState(t.sql, { customerId: customer, userId: user, asOf: at(10), grants: [core!, pro!] })).toBe('applied');
    expect([await has(user, 'core'), await has(user, 'pro')]).toEqual([true, true]);

    // A grant event newer than the next snapshot survives it; older grants not listed go.
    await applyGrant(t.sql, { ...late!, customerId: customer, userId: user, grantedAt: at(30), modifiedAt: at(30) });
    expect(await applyCustomerState(t.sql, { customerId: customer, userId: user, asOf: at(20), grants: [core!] })).toBe('applied');
    expect([await has(user, 'core'), await has(user, 'pro'), await has(user, 'late')]).toEqual([true, false, true]);
    // The same snapshot again changes nothing.
    expect(await applyCustomerState(t.sql, { customerId: customer, userId: user, asOf: at(20), grants: [core!] })).toBe('duplicate');
  });

  it("fills in what a snapshot cannot tell (the grant's subscription) from the grant's own event, even when it lands later and older", async () => {
    const user = await newUser('snapshot-first');
    const customer = `cus_${randomUUID()}`;
    await linkCustomer(t.sql, customer, user);
    const grant = { grantId: `g_${randomUUID()}`, benefitId: 'ben_pro', key: 'pro' };
    expect(await applyCustomerState(t.sql, { customerId: customer, userId: user, asOf: at(20), grants: [grant] })).toBe('applied');
    expect(await applyGrant(t.sql, { ...grant, customerId: customer, userId: user, subscriptionId: 'sub_of_grant', grantedAt: at(10), modifiedAt: at(10) })).toBe('stale');
    const [row] = await t.sql`select subscription_id, granted_at, revoked_at, modified_at from public.user_entitlements where grant_id = ${grant.grantId}`;
    // The access stays the snapshot's (newer); only the missing detail is filled in.
    expect(row).toMatchObject({ subscription_id: 'sub_of_grant', revoked_at: null, modified_at: at(20) });
  });
});

describe('has_entitlement', () => {
  it("answers for the signed-in user only, and never for anon", async () => {
    const [alice, bob] = await Promise.all([newUser('alice'), newUser('bob')]);
    await applyGrant(t.sql, { grantId: `g_${randomUUID()}`, customerId: `cus_${randomUUID()}`, benefitId: 'b', key: 'pro', userId: alice, grantedAt: at(1), modifiedAt: at(1) });
    expect(await has(alice, 'pro')).toBe(true);
    expect(await has(bob, 'pro')).toBe(false);
    expect(await has(alice, 'enterprise')).toBe(false);
    await expect(asRole(t.sql, 'anon', null, (tx) => tx`select public.has_entitlement('pro')`)).rejects.toMatchObject({ code: '42501' });
  });

  it('lets a user read their own entitlements and subscriptions only', async () => {
    const [alice, bob] = await Promise.all([newUser('reader'), newUser('other')]);
    await applyGrant(t.sql, { grantId: `g_${randomUUID()}`, customerId: `cus_${randomUUID()}`, benefitId: 'b', key: 'pro', userId: alice, grantedAt: at(1), modifiedAt: at(1) });
    await applyState(t.sql, { userId: alice, customerId: `cus_${randomUUID()}`, subscriptionId: `sub_${randomUUID()}`, status: 'active', modifiedAt: at(1) });
    for (const table of ['user_entitlements', 'subscriptions']) {
      const mine = await asRole(t.sql, 'authenticated', alice, (tx) => tx`select user_id from ${tx(`public.${table}`)}`);
      expect(mine.length, table).toBeGreaterThan(0);
      expect(mine.every((row) => row.user_id === alice)).toBe(true);
      expect(await asRole(t.sql, 'authenticated', bob, (tx) => tx`select 1 from ${tx(`public.${table}`)}`)).toEqual([]);
      await expect(asRole(t.sql, 'authenticated', alice, (tx) => tx`delete from ${tx(`public.${table}`)}`)).rejects.toMatchObject({ code: '42501' });
    }
    await expect(asRole(t.sql, 'authenticated', alice, (tx) => tx`select * from public.billing_customers`)).rejects.toMatchObject({ code: '42501' });
  });

  it('gates the example table: an insert needs the pro entitlement, checked once per statement', async () => {
    const [pro, starter] = await Promise.all([newUser('pro'), newUser('starter')]);
    await applyGrant(t.sql, { grantId: `g_${randomUUID()}`, customerId: `cus_${randomUUID()}`, benefitId: 'b', key: 'pro', userId: pro, grantedAt: at(1), modifiedAt: at(1) });
    await asRole(t.sql, 'authenticated', pro, (tx) => tx`insert into public.pro_notes (body) values ('one'), ('two'), ('three')`);
    await expect(asRole(t.sql, 'authenticated', starter, (tx) => tx`insert into public.pro_notes (body) values ('nope')`)).rejects.toMatchObject({ code: '42501' });
    // Nor on someone else's behalf.
    await expect(asRole(t.sql, 'authenticated', pro, (tx) => tx`insert into public.pro_notes (user_id, body) values (${starter}, 'forged')`)).rejects.toMatchObject({ code: '42501' });
    const plan = await asRole(t.sql, 'authenticated', pro, (tx) => tx.unsafe(`explain (analyze, format json) insert into public.pro_notes (body) select 'n' || g from generate_series(1, 50) g`));
    const text = JSON.stringify(plan);
    // The policy's has_entitlement runs as an init plan: once for the 50 rows.
    expect(text).toContain('InitPlan');
    expect(await asRole(t.sql, 'authenticated', starter, (tx) => tx`select * from public.pro_notes`)).toEqual([]);
  });
});

describe('the current plan of a user with several subscriptions', () => {
  it('prefers active over past_due, renewing over cancelling, then the newest; a live one over an ended one', async () => {
    const user = await newUser('plans');
    const customer = `cus_${randomUUID()}`;
    const current = async () => (await t.sql`select polar_subscription_id from public.user_subscriptions where user_id = ${user}`)[0]?.polar_subscription_id;
    const sub = (id: string, status: string, extra: Partial<Parameters<typeof applyState>[1]> = {}) =>
      applyState(t.sql, { userId: user, customerId: customer, subscriptionId: id, status, modifiedAt: at(1), ...extra });

    await sub('old', 'canceled', { startedAt: at(1), modifiedAt: at(1) });
    expect(await current()).toBe('old');
    await sub('due', 'past_due', { startedAt: at(5), modifiedAt: at(5) });
    expect(await current()).toBe('due');
    await sub('cancelling', 'active', { startedAt: at(2), cancelAtPeriodEnd: true, modifiedAt: at(6) });
    expect(await current()).toBe('cancelling');
    await sub('renewing', 'active', { startedAt: at(1), modifiedAt: at(7) });
    expect(await current()).toBe('renewing');
    await sub('newer', 'trialing', { startedAt: at(8), modifiedAt: at(8) });
    expect(await current()).toBe('newer');
    // Revoking one of two live subscriptions keeps the user on the other.
    await sub('newer', 'canceled', { startedAt: at(8), modifiedAt: at(9) });
    expect(await current()).toBe('renewing');
  });
});
