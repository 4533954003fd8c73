// The provider seam in SQL: Stripe and Lemon Squeezy states go through apply_subscription with
// Polar's guarantees (dedupe on the event id, ordering by the provider's time, conflicts kept),
// and their access comes from public.product_entitlements, read by the same has_entitlement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, createUser, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';
import { applyState } from '../fixtures/subscription-states.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t?.stop());

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds));

interface ProviderState {
  provider?: 'stripe' | 'lemonsqueezy';
  eventId?: string | null;
  claimedUserId?: string | null;
  customerId: string;
  subscriptionId: string;
  status: string;
  productId?: string;
  cancelAtPeriodEnd?: boolean;
  modifiedAt: Date;
  eventAt?: Date | null;
}

async function apply(state: ProviderState): Promise<string> {
  const [row] = await t.sql<{ outcome: string }[]>`
    select public.apply_subscription(
      p_provider => ${state.provider ?? 'stripe'},
      p_event_id => ${state.eventId ?? null},
      p_event_type => 'customer.subscription.updated',
      p_payload => ${t.sql.json({ id: state.subscriptionId })},
      p_customer_id => ${state.customerId},
      p_subscription_id => ${state.subscriptionId},
      p_status => ${state.status},
      p_modified_at => ${state.modifiedAt},
      p_cancel_at_period_end => ${state.cancelAtPeriodEnd ?? false},
      p_claimed_user_id => ${state.claimedUserId ?? null},
      p_product_id => ${state.productId ?? 'prod_StandInPro'},
      p_event_at => ${state.eventAt === undefined ? state.modifiedAt : state.eventAt}
    ) as outcome`;
  return row!.outcome;
}

async function keys(userId: string): Promise<string[]> {
  const rows = await t.sql<{ key: string }[]>`
    select distinct key from public.user_entitlements where user_id = ${userId} and granted_at is not null and revoked_at is null order by key`;
  return rows.map((r) => r.key);
}

async function eventOutcome(provider: string, eventId: string) {
  const [row] = await t.sql`select outcome, user_id from public.provider_webhook_events where provider = ${provider} and event_id = ${eventId}`;
  return row;
}

describe('apply_subscription for Stripe and Lemon Squeezy', () => {
  it('stores the subscription under its provider, with the customer and subscription on the user row', async () => {
    const user = await createUser(t.sql, 'stripe-first@billing-starter.dev');
    expect(await apply({ eventId: 'evt_first', claimedUserId: user, customerId: 'cus_first', subscriptionId: 'sub_first', status: 'active', modifiedAt: at(1) })).toBe('applied');
    const [row] = await t.sql`select provider, customer_id, subscription_id, polar_customer_id, polar_subscription_id, status from public.user_subscriptions where user_id = ${user}`;
    expect(row).toEqual({ provider: 'stripe', customer_id: 'cus_first', subscription_id: 'sub_first', polar_customer_id: null, polar_subscription_id: null, status: 'active' });
    expect(await eventOutcome('stripe', 'evt_first')).toEqual({ outcome: 'applied', user_id: user });
    expect(await t.sql`select 1 from public.polar_webhook_events where webhook_id = 'evt_first'`).toHaveLength(0);
  });

  it('answers a redelivered event id as a duplicate, even carrying another state', async () => {
    const user = await createUser(t.sql, 'stripe-dup@billing-starter.dev');
    const state = { claimedUserId: user, customerId: 'cus_dup', subscriptionId: 'sub_dup', modifiedAt: at(1) };
    await apply({ ...state, eventId: 'evt_dup', status: 'active' });
    expect(await apply({ ...state, eventId: 'evt_dup', status: 'canceled', modifiedAt: at(9) })).toBe('duplicate');
    expect((await t.sql`select status from public.subscriptions where provider = 'stripe' and subscription_id = 'sub_dup'`)[0]?.status).toBe('active');
  });

  it('keeps the same event id of two providers apart', async () => {
    const user = await createUser(t.sql, 'two-providers@billing-starter.dev');
    expect(await apply({ eventId: 'same-id', claimedUserId: user, customerId: 'cus_two', subscriptionId: 'sub_two', status: 'active', modifiedAt: at(1) })).toBe('applied');
    expect(await apply({ provider: 'lemonsqueezy', eventId: 'same-id', claimedUserId: user, customerId: '777', subscriptionId: '888', status: 'active', productId: '20002', modifiedAt: at(2) })).toBe('applied');
  });

  it('ignores an older state, whichever order the events arrive in', async () => {
    const user = await createUser(t.sql, 'stripe-order@billing-starter.dev');
    const base = { claimedUserId: user, customerId: 'cus_order', subscriptionId: 'sub_order' };
    await apply({ ...base, eventId: 'evt_o2', status: 'active', cancelAtPeriodEnd: true, modifiedAt: at(5) });
    expect(await apply({ ...base, eventId: 'evt_o1', status: 'active', modifiedAt: at(2) })).toBe('stale');
    expect((await t.sql`select cancel_at_period_end from public.subscriptions where provider = 'stripe' and subscription_id = 'sub_order'`)[0]?.cancel_at_period_end).toBe(true);
    expect(await eventOutcome('stripe', 'evt_o1')).toMatchObject({ outcome: 'stale' });
  });

  it('orders two states of the same second the same way in either arrival order', async () => {
    const finals = [];
    for (const order of [['a', 'b'], ['b', 'a']]) {
      const user = await createUser(t.sql, `stripe-tie-${order.join('')}@billing-starter.dev`);
      const base = { claimedUserId: user, customerId: `cus_tie_${order.join('')}`, subscriptionId: `sub_tie_${order.join('')}`, status: 'active', modifiedAt: at(7) };
      const states = { a: { ...base, eventId: `evt_ta_${order.join('')}`, cancelAtPeriodEnd: true }, b: { ...base, eventId: `evt_tb_${order.join('')}`, cancelAtPeriodEnd: false } };
      for (const key of order) await apply(states[key as 'a' | 'b']);
      finals.push((await t.sql`select cancel_at_period_end from public.subscriptions where provider = 'stripe' and subscription_id = ${base.subscriptionId}`)[0]?.cancel_at_period_end);
    }
    expect(finals[0]).toBe(finals[1]);
  });

  it('keeps an event for a user that does not exist as unmatched, and one naming another user as a conflict', async () => {
    expect(await apply({ eventId: 'evt_ghost', claimedUserId: '00000000-0000-4000-8000-00000000dead', customerId: 'cus_ghost', subscriptionId: 'sub_ghost', status: 'active', modifiedAt: at(1) })).toBe('unmatched');
    const owner = await createUser(t.sql, 'stripe-owner@billing-starter.dev');
    const other = await createUser(t.sql, 'stripe-other@billing-starter.dev');
    await apply({ eventId: 'evt_own', claimedUserId: owner, customerId: 'cus_own', subscriptionId: 'sub_own', status: 'active', modifiedAt: at(1) });
    expect(await apply({ eventId: 'evt_steal', claimedUserId: other, customerId: 'cus_own', subscriptionId: 'sub_own', status: 'active', modifiedAt: at(2) })).toBe('conflict');
    expect(await keys(other)).toEqual([]);
  });

  it('does not let a provider outside the seam write', async () => {
    await expect(apply({ provider: 'paypal' as 'stripe', customerId: 'c', subscriptionId: 's', status: 'active', modifiedAt: at(1) })).rejects.toThrow(/unknown provider/);
  });
});

describe('entitlements from products', () => {
  it('grants the product keys while active or trialing, and revokes them when the subscription ends', async () => {
    const user = await createUser(t.sql, 'stripe-keys@billing-starter.dev');
    const base = { claimedUserId: user, customerId: 'cus_keys', subscriptionId: 'sub_keys', productId: 'prod_StandInPro' };
    await apply({ ...base, eventId: 'evt_k1', status: 'trialing', modifiedAt: at(1) });
    expect(await keys(user)).toEqual(['core', 'pro']);
    await apply({ ...base, eventId: 'evt_k2', status: 'past_due', modifiedAt: at(2) });
    expect(await keys(user)).toEqual([]);
    await apply({ ...base, eventId: 'evt_k3', status: 'active', modifiedAt: at(3) });
    expect(await keys(user)).toEqual(['core', 'pro']);
    await apply({ ...base, eventId: 'evt_k4', status: 'canceled', modifiedAt: at(4) });
    expect(await keys(user)).toEqual([]);
  });

  it('follows a plan switch: the old plan keys go, the new plan keys come', async () => {
    const user = await createUser(t.sql, 'ls-switch@billing-starter.dev');
    const base = { provider: 'lemonsqueezy' as const, claimedUserId: user, customerId: '9001', subscriptionId: '9101', status: 'active' };
    await apply({ ...base, eventId: 'ls-1', productId: '20002', modifiedAt: at(1) });
    expect(await keys(user)).toEqual(['core', 'pro']);
    await apply({ ...base, eventId: 'ls-2', productId: '20001', modifiedAt: at(2) });
    expect(await keys(user)).toEqual(['core']);
  });

  it('is what has_entitlement and the RLS policies read', async () => {
    const user = await createUser(t.sql, 'stripe-rls@billing-starter.dev');
    await apply({ eventId: 'evt_rls', claimedUserId: user, customerId: 'cus_rls', subscriptionId: 'sub_rls', productId: 'prod_StandInStarter', status: 'active', modifiedAt: at(1) });
    const ask = (key: string) => asRole(t.sql, 'authenticated', user, (tx) => tx`select public.has_entitlement(${key}) as has`);
    expect((await ask('core'))[0]?.has).toBe(true);
    expect((await ask('pro'))[0]?.has).toBe(false);
  });

  it('applies a changed product mapping to the subscriptions already stored', async () => {
    const user = await createUser(t.sql, 'stripe-remap@billing-starter.dev');
    await apply({ eventId: 'evt_remap', claimedUserId: user, customerId: 'cus_remap', subscriptionId: 'sub_remap', productId: 'prod_Remapped', status: 'active', modifiedAt: at(1) });
    expect(await keys(user)).toEqual([]);
    await t.sql`select public.set_product_entitlements('stripe', 'prod_Remapped', array['reports'])`;
    expect(await keys(user)).toEqual(['reports']);
    await t.sql`select public.set_product_entitlements('stripe', 'prod_Remapped', array[]::text[])`;
    expect(await keys(user)).toEqual([]);
  });

  it('never touches Polar grants, which Polar decides', async () => {
    const user = await createUser(t.sql, 'polar-untouched@billing-starter.dev');
    await applyState(t.sql, { webhookId: 'w-polar-untouched', userId: user, customerId: 'polar_cus_untouched', subscriptionId: 'polar_sub_untouched', status: 'active', modifiedAt: at(1), productId: 'prod_StandInPro' });
    expect(await keys(user)).toEqual([]);
    const [row] = await t.sql`select provider, polar_customer_id, customer_id from public.user_subscriptions where user_id = ${user}`;
    expect(row).toEqual({ provider: 'polar', polar_customer_id: 'polar_cus_untouched', customer_id: 'polar_cus_untouched' });
  });
});

describe('link_billing_customer', () => {
  it('links a Stripe customer to the user the checkout named, once; a second user is a conflict', async () => {
    const user = await createUser(t.sql, 'stripe-link@billing-starter.dev');
    const other = await createUser(t.sql, 'stripe-link-other@billing-starter.dev');
    const link = async (eventId: string, claimed: string) =>
      (await t.sql`select public.link_billing_customer('stripe', ${eventId}, 'checkout.session.completed', '{}'::jsonb, 'cus_link', null, ${claimed}) as outcome`)[0]?.outcome;
    expect(await link('evt_l1', user)).toBe('applied');
    expect(await link('evt_l1', user)).toBe('duplicate');
    expect(await link('evt_l2', other)).toBe('conflict');
    const [row] = await t.sql`select provider, customer_id from public.user_subscriptions where user_id = ${user}`;
    expect(row).toEqual({ provider: 'stripe', customer_id: 'cus_link' });
  });
});
