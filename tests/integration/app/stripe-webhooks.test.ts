// POST /api/webhooks/stripe through the production build, against the real database: the Stripe
// stand-in's own deliveries of a paid checkout land, and events built from its objects are
// applied with Polar's guarantees (dedupe on the event id, ordering by the event's time, a kept
// record of what was not applied).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type Stripe from 'stripe';
import { STRIPE_SEED_PRODUCT_IDS } from '../../../local/stripe/index.ts';
import { eventually, signUpUser, sqlFor, type TestUser } from '../../fixtures/app-users.ts';
import { stackControl } from '../../fixtures/stack-control.ts';
import { deliverStripe, newEventId, stripeEvent, stripeFor, subscribeOnStripe } from '../../fixtures/stripe-deliveries.ts';

const stack = inject('stack');
const sql = sqlFor(stack);
afterAll(() => sql.end());

const subscriptionOf = async (id: string) => (await sql`select * from public.subscriptions where provider = 'stripe' and subscription_id = ${id}`)[0];
const recorded = async (eventId: string) => (await sql`select outcome, type, user_id from public.provider_webhook_events where provider = 'stripe' and event_id = ${eventId}`)[0];
const keysOf = async (userId: string) =>
  (await sql<{ key: string }[]>`select distinct key from public.user_entitlements where user_id = ${userId} and granted_at is not null and revoked_at is null order by key`).map((r) => r.key);

let user: TestUser;
/** The owner of the subscriptions Stripe does not know (the events' own objects are applied). */
let offlineUser: TestUser;
let subscription: Stripe.Subscription;
/** Event times after everything the stand-in sent for the checkout. */
let t0: number;

beforeAll(async () => {
  [user, offlineUser] = await Promise.all([signUpUser(stack, 'stripe-webhooks'), signUpUser(stack, 'stripe-offline')]);
  subscription = await subscribeOnStripe(stack, user, sql);
  t0 = Math.floor(Date.now() / 1000) + 5;
});

describe('the Stripe stand-in paying a checkout', () => {
  it('brings the subscription, the customer and the plan keys in through the route', async () => {
    const row = (await sql`select provider, customer_id, subscription_id, status, product_id, polar_customer_id from public.user_subscriptions where user_id = ${user.id}`)[0];
    expect(row).toEqual({ provider: 'stripe', customer_id: subscription.customer, subscription_id: subscription.id, status: 'active', product_id: STRIPE_SEED_PRODUCT_IDS.pro, polar_customer_id: null });
    expect(await keysOf(user.id)).toEqual(['core', 'pro']);
    const events = await sql`select type, outcome from public.provider_webhook_events where provider = 'stripe' and user_id = ${user.id} order by type`;
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['checkout.session.completed', 'customer.subscription.created']));
    for (const event of events) expect(['applied', 'duplicate']).toContain(event.outcome);
  });
});

describe('POST /api/webhooks/stripe, applying events', () => {
  it('answers a redelivery of an event id as a duplicate, whatever it carries', async () => {
    // A subscription Stripe does not know, so the event's own object is what gets applied.
    const offline = { ...subscription, id: 'sub_RedeliveredNotAtStripe', customer: 'cus_RedeliveredNotAtStripe', metadata: { supabase_user_id: offlineUser.id } };
    const id = newEventId();
    expect(await deliverStripe(stack, stripeEvent('customer.subscription.updated', { ...offline, cancel_at_period_end: true }, { id, created: t0 }))).toEqual({ status: 200, json: { received: true, outcome: 'applied' } });
    const otherState = stripeEvent('customer.subscription.updated', offline, { id, created: t0 + 1 });
    expect(await deliverStripe(stack, otherState)).toEqual({ status: 200, json: { received: true, outcome: 'duplicate' } });
    expect((await subscriptionOf(offline.id))?.cancel_at_period_end).toBe(true);
    expect(await recorded(id)).toMatchObject({ outcome: 'applied', user_id: offlineUser.id });
  });

  it("applies Stripe's current subscription, not the event's older object (events come out of order)", async () => {
    const stale = { ...subscription, status: 'canceled', canceled_at: t0, ended_at: t0 };
    expect((await deliverStripe(stack, stripeEvent('customer.subscription.deleted', stale))).status).toBe(200);
    expect((await subscriptionOf(subscription.id))?.status).toBe('active');
    expect(await keysOf(user.id)).toEqual(['core', 'pro']);
  });

  it('follows cancel, resume and the end made through the real client, in the same second or not', async () => {
    const stripe = stripeFor(stack);
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await eventually(async () => (await subscriptionOf(subscription.id))?.cancel_at_period_end === true);
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    await eventually(async () => (await subscriptionOf(subscription.id))?.cancel_at_period_end === false);
    await stripe.subscriptions.cancel(subscription.id);
    await eventually(async () => (await sql`select status from public.user_subscriptions where user_id = ${user.id}`)[0]?.status === 'canceled');
    expect(await keysOf(user.id)).toEqual([]);
    // An update of before the end, delivered late, does not bring it back.
    expect((await deliverStripe(stack, stripeEvent('customer.subscription.updated', subscription))).status).toBe(200);
    expect((await subscriptionOf(subscription.id))?.status).toBe('canceled');
    expect(await keysOf(user.id)).toEqual([]);
  });

  it('answers 500, writing nothing, while Stripe cannot be asked for the subscription; the redelivery applies', async () => {
    const control = stackControl(stack.controlUrl);
    const event = stripeEvent('customer.subscription.updated', subscription);
    await control.stripeFaults({ status: 503 });
    try {
      expect(await deliverStripe(stack, event)).toEqual({ status: 500, json: { received: false } });
    } finally {
      await control.stripeFaults({});
    }
    expect(await recorded(event.id)).toBeUndefined();
    expect((await deliverStripe(stack, event)).status).toBe(200);
    expect(await recorded(event.id)).toMatchObject({ user_id: user.id });
  });

  it("orders the events' own objects by their time when Stripe has no such subscription to read", async () => {
    // A subscription Stripe does not know (another account's, or deleted since): the events are all there is.
    const offline = { ...subscription, id: 'sub_NotAtStripe', customer: 'cus_NotAtStripe', metadata: { supabase_user_id: offlineUser.id } };
    expect((await deliverStripe(stack, stripeEvent('customer.subscription.updated', { ...offline, cancel_at_period_end: true }, { created: t0 + 10 }))).json.outcome).toBe('applied');
    expect((await deliverStripe(stack, stripeEvent('customer.subscription.created', offline, { created: t0 + 5 }))).json.outcome).toBe('stale');
    expect((await subscriptionOf(offline.id))?.cancel_at_period_end).toBe(true);
  });

  it('keeps an event type it does not act on (202 ignored), and answers its redelivery the same', async () => {
    const event = stripeEvent('invoice.paid', { id: 'in_123', object: 'invoice' });
    expect(await deliverStripe(stack, event)).toEqual({ status: 202, json: { received: true, outcome: 'ignored' } });
    expect(await deliverStripe(stack, event)).toEqual({ status: 202, json: { received: true, outcome: 'ignored' } });
    expect(await recorded(event.id)).toMatchObject({ outcome: 'ignored', type: 'invoice.paid' });
  });

  it('keeps a subscription event it cannot read (202 unreadable), writing no state', async () => {
    const before = await subscriptionOf(subscription.id);
    const event = stripeEvent('customer.subscription.updated', { ...subscription, items: { object: 'list', data: [] } }, { created: t0 + 50 });
    expect(await deliverStripe(stack, event)).toEqual({ status: 202, json: { received: true, outcome: 'unreadable' } });
    expect(await subscriptionOf(subscription.id)).toEqual(before);
  });

  it('keeps an event naming no user of this app (202 unmatched)', async () => {
    const ghost = { ...subscription, id: 'sub_GhostOfAnotherApp', customer: 'cus_GhostOfAnotherApp', metadata: { supabase_user_id: '00000000-0000-4000-8000-00000000dead' } };
    const event = stripeEvent('customer.subscription.created', ghost);
    expect(await deliverStripe(stack, event)).toEqual({ status: 202, json: { received: true, outcome: 'unmatched' } });
    expect(await subscriptionOf(ghost.id)).toBeUndefined();
  });

  it('keeps a subscription claiming a customer of another user as a conflict', async () => {
    const other = await signUpUser(stack, 'stripe-other');
    const theft = { ...subscription, id: 'sub_Theft', metadata: { supabase_user_id: other.id } };
    const event = stripeEvent('customer.subscription.created', theft);
    expect(await deliverStripe(stack, event)).toEqual({ status: 202, json: { received: true, outcome: 'conflict' } });
    expect(await keysOf(other.id)).toEqual([]);
  });

  it('links the customer of a completed subscription checkout to the user it names, before any subscription event', async () => {
    const buyer = await signUpUser(stack, 'stripe-link');
    const session = { id: 'cs_test_LinkFirst', object: 'checkout.session', mode: 'subscription', customer: 'cus_LinkFirst', client_reference_id: buyer.id, metadata: {}, url: null };
    expect((await deliverStripe(stack, stripeEvent('checkout.session.completed', session))).json.outcome).toBe('applied');
    expect((await sql`select provider, customer_id from public.user_subscriptions where user_id = ${buyer.id}`)[0]).toEqual({ provider: 'stripe', customer_id: 'cus_LinkFirst' });
  });
});
