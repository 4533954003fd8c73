// POST /api/webhooks/lemonsqueezy through the production build, against the real database: the
// stand-in's own deliveries of a paid checkout land, and signed events built from its resources
// are applied with Polar's guarantees — a delivery known by its body's digest (Lemon Squeezy sends
// no event id), states ordered by updated_at, each subscription read afresh — and always a 200
// for what was taken, since Lemon Squeezy retries anything else.
import { updateSubscription } from '@lemonsqueezy/lemonsqueezy.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { LEMONSQUEEZY_SEED_PRODUCT_IDS } from '../../../local/lemonsqueezy/index.ts';
import { eventually, signUpUser, sqlFor, type TestUser } from '../../fixtures/app-users.ts';
import { stackControl } from '../../fixtures/stack-control.ts';
import { deliverLemonSqueezy, lemonSqueezyEvent, lemonSqueezyFor, subscribeOnLemonSqueezy, type LemonSqueezyResource } from '../../fixtures/lemonsqueezy-deliveries.ts';

const stack = inject('stack');
const sql = sqlFor(stack);
const restoreFetch = lemonSqueezyFor(stack);
afterAll(async () => {
  restoreFetch();
  await sql.end();
});

const subscriptionOf = async (id: string) => (await sql`select * from public.subscriptions where provider = 'lemonsqueezy' and subscription_id = ${id}`)[0];
const keysOf = async (userId: string) =>
  (await sql<{ key: string }[]>`select distinct key from public.user_entitlements where user_id = ${userId} and granted_at is not null and revoked_at is null order by key`).map((r) => r.key);
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds)).toISOString().replace('Z', '000Z');

let user: TestUser;
let offlineUser: TestUser;
let subscription: LemonSqueezyResource;
const custom = (u: TestUser) => ({ supabase_user_id: u.id });

beforeAll(async () => {
  [user, offlineUser] = await Promise.all([signUpUser(stack, 'ls-webhooks'), signUpUser(stack, 'ls-offline')]);
  subscription = await subscribeOnLemonSqueezy(stack, user, sql);
});

/** A subscription Lemon Squeezy does not know (so the event's own object is what gets applied). */
const offline = (id: string, attributes: Record<string, unknown> = {}) => ({ ...subscription, id, attributes: { ...subscription.attributes, customer_id: 999_000 + Number(id.slice(-3)), ...attributes } });

describe('the Lemon Squeezy stand-in paying a checkout', () => {
  it('brings the subscription, the customer and the plan keys in through the route', async () => {
    const row = (await sql`select provider, customer_id, subscription_id, status, product_id, polar_customer_id from public.user_subscriptions where user_id = ${user.id}`)[0];
    expect(row).toEqual({ provider: 'lemonsqueezy', customer_id: String(subscription.attributes.customer_id), subscription_id: subscription.id, status: 'active', product_id: LEMONSQUEEZY_SEED_PRODUCT_IDS.pro, polar_customer_id: null });
    expect(await keysOf(user.id)).toEqual(['core', 'pro']);
    const events = await sql`select type, outcome, event_id from public.provider_webhook_events where provider = 'lemonsqueezy' and user_id = ${user.id}`;
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['order_created', 'subscription_created']));
    for (const event of events) expect(event.event_id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('POST /api/webhooks/lemonsqueezy, applying events', () => {
  it('answers the same body again as a duplicate, with a 200', async () => {
    const body = JSON.stringify(lemonSqueezyEvent('subscription_updated', offline('900101', { cancelled: true, status: 'cancelled', ends_at: at(50), updated_at: at(10) }), custom(offlineUser)));
    expect(await deliverLemonSqueezy(stack, body)).toEqual({ status: 200, json: { received: true, outcome: 'applied' } });
    expect(await deliverLemonSqueezy(stack, body)).toEqual({ status: 200, json: { received: true, outcome: 'duplicate' } });
    expect((await subscriptionOf('900101'))?.cancel_at_period_end).toBe(true);
  });

  it('orders the events of a subscription it cannot read by updated_at', async () => {
    const newer = lemonSqueezyEvent('subscription_cancelled', offline('900102', { cancelled: true, status: 'cancelled', ends_at: at(50), updated_at: at(20) }), custom(offlineUser));
    const older = lemonSqueezyEvent('subscription_created', offline('900102', { updated_at: at(5) }), custom(offlineUser));
    expect((await deliverLemonSqueezy(stack, newer)).json.outcome).toBe('applied');
    expect(await deliverLemonSqueezy(stack, older)).toEqual({ status: 200, json: { received: true, outcome: 'stale' } });
    expect((await subscriptionOf('900102'))?.cancel_at_period_end).toBe(true);
  });

  it('maps cancelled (paid until ends_at) and expired (ended) to access and its end', async () => {
    const id = '900103';
    const cancelled = offline(id, { cancelled: true, status: 'cancelled', ends_at: at(40), updated_at: at(30) });
    expect((await deliverLemonSqueezy(stack, lemonSqueezyEvent('subscription_cancelled', cancelled, custom(offlineUser)))).json.outcome).toBe('applied');
    expect(await subscriptionOf(id)).toMatchObject({ status: 'active', cancel_at_period_end: true });
    const grants = async () => (await sql`select key from public.user_entitlements where provider = 'lemonsqueezy' and subscription_id = ${id} and revoked_at is null order by key`).map((r) => r.key);
    expect(await grants()).toEqual(['core', 'pro']);
    const expired = offline(id, { cancelled: true, status: 'expired', ends_at: at(40), updated_at: at(40) });
    expect((await deliverLemonSqueezy(stack, lemonSqueezyEvent('subscription_expired', expired, custom(offlineUser)))).json.outcome).toBe('applied');
    expect(await subscriptionOf(id)).toMatchObject({ status: 'canceled', cancel_at_period_end: false });
    expect(await grants()).toEqual([]);
  });

  it("applies Lemon Squeezy's current subscription, not the event's older object", async () => {
    const stale = { ...subscription, attributes: { ...subscription.attributes, status: 'expired', ends_at: at(1), updated_at: at(59) } };
    expect((await deliverLemonSqueezy(stack, lemonSqueezyEvent('subscription_expired', stale, custom(user)))).status).toBe(200);
    expect((await subscriptionOf(subscription.id))?.status).toBe('active');
    expect(await keysOf(user.id)).toEqual(['core', 'pro']);
  });

  it('follows cancel and resume made through the official client', async () => {
    expect((await updateSubscription(subscription.id, { cancelled: true })).error).toBeNull();
    await eventually(async () => (await subscriptionOf(subscription.id))?.cancel_at_period_end === true);
    expect(await keysOf(user.id)).toEqual(['core', 'pro']);
    expect((await updateSubscription(subscription.id, { cancelled: false })).error).toBeNull();
    await eventually(async () => (await subscriptionOf(subscription.id))?.cancel_at_period_end === false);
  });

  it("applies the event's own object when Lemon Squeezy cannot be read (it retries only minutes)", async () => {
    const control = stackControl(stack.controlUrl);
    const cancelling = { ...subscription, attributes: { ...subscription.attributes, status: 'cancelled', cancelled: true, ends_at: at(50), updated_at: at(45) } };
    await control.lemonSqueezyFaults({ status: 503 });
    try {
      expect(await deliverLemonSqueezy(stack, lemonSqueezyEvent('subscription_cancelled', cancelling, custom(user)))).toEqual({ status: 200, json: { received: true, outcome: 'applied' } });
    } finally {
      await control.lemonSqueezyFaults({});
    }
    expect((await subscriptionOf(subscription.id))?.cancel_at_period_end).toBe(true);
  });

  it('reads custom data that is not an object as naming no one, and finds the user by the linked customer', async () => {
    const linked = offline('900106', { customer_id: 999_101, updated_at: at(3) });
    const body = { ...lemonSqueezyEvent('subscription_created', linked), meta: { event_name: 'subscription_created', custom_data: [], test_mode: true, webhook_id: 'w' } };
    expect(await deliverLemonSqueezy(stack, body)).toEqual({ status: 200, json: { received: true, outcome: 'applied' } });
    expect((await subscriptionOf('900106'))?.user_id).toBe(offlineUser.id);
  });

  it('takes, with a 200, what it does not apply: other types, no such user, unreadable objects, conflicts', async () => {
    expect(await deliverLemonSqueezy(stack, lemonSqueezyEvent('license_key_created', { type: 'license-keys', id: '1', attributes: {} }))).toEqual({ status: 200, json: { received: true, outcome: 'ignored' } });
    const ghost = offline('900104', { updated_at: at(1) });
    expect(await deliverLemonSqueezy(stack, lemonSqueezyEvent('subscription_created', ghost, { supabase_user_id: '00000000-0000-4000-8000-00000000dead' }))).toEqual({ status: 200, json: { received: true, outcome: 'unmatched' } });
    const unreadable = { ...ghost, attributes: { ...ghost.attributes, status: 'paused_forever' } };
    expect(await deliverLemonSqueezy(stack, lemonSqueezyEvent('subscription_updated', unreadable, custom(offlineUser)))).toEqual({ status: 200, json: { received: true, outcome: 'unreadable' } });
    const other = await signUpUser(stack, 'ls-other');
    const theft = { ...subscription, id: '900105', attributes: { ...subscription.attributes, updated_at: at(2) } };
    expect(await deliverLemonSqueezy(stack, lemonSqueezyEvent('subscription_created', theft, custom(other)))).toEqual({ status: 200, json: { received: true, outcome: 'conflict' } });
    expect(await keysOf(other.id)).toEqual([]);
  });
});
