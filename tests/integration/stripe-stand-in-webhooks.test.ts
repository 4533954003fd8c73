// The Stripe stand-in's webhooks, verified as the app will verify them (stripe.webhooks.constructEvent):
// the Checkout loop's events, the portal's cancel and resume, the period end on the clock,
// events an API call causes, and retries of a failed delivery.
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION, STRIPE_SEED_PRICE_IDS, stripeSignatureHeader } from '../../local/stripe/index.ts';
import type { ReceivedWebhook } from '../fixtures/polar-webhook-receiver.ts';
import { payOnHostedPage, startTestStripe, TEST_STRIPE_WEBHOOK_SECRET, type TestStripe } from '../fixtures/stripe-stand-in.ts';

let t: TestStripe;
beforeAll(async () => {
  t = await startTestStripe();
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.standIn.settled();
  t.receiver.respondWith(204);
  t.receiver.clear();
});

const DAY = 86_400_000;

/** `unix` plus `n` calendar months, the day of the month kept (clamped to the month's length), as Stripe's billing cycle anchor. */
function plusMonths(unix: number, n: number): number {
  const d = new Date(unix * 1000);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n + 1, 0)).getUTCDate();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000;
}
const verify = (hook: ReceivedWebhook) => t.stripe.webhooks.constructEvent(hook.body, hook.headers['stripe-signature']!, TEST_STRIPE_WEBHOOK_SECRET);

/** Every webhook since the last clear about this object, once the queued ones went out (the clock moves every subscription). */
async function eventsAbout(id: string): Promise<Stripe.Event[]> {
  await t.standIn.idle();
  return t.receiver.received.map(verify).filter((e) => (e.data.object as { id: string }).id === id);
}

/** Waits for `count` webhooks since the last clear and verifies each. */
async function events(count: number): Promise<Stripe.Event[]> {
  const hooks = await t.receiver.waitFor(count);
  await t.standIn.idle();
  expect(t.receiver.received).toHaveLength(count);
  return hooks.map(verify);
}

async function checkout(email: string) {
  const session = await t.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: STRIPE_SEED_PRICE_IDS.pro, quantity: 1 }],
    success_url: 'https://app.example/billing/success?session={CHECKOUT_SESSION_ID}',
    client_reference_id: `user-${email}`,
    metadata: { user_id: `user-${email}` },
    subscription_data: { metadata: { user_id: `user-${email}` } },
  });
  const paid = await payOnHostedPage(session.url!, email);
  expect([paid.status, paid.headers.get('location')]).toEqual([303, `https://app.example/billing/success?session=${session.id}`]);
  const [customer, created, completed] = await events(3);
  t.receiver.clear();
  return { session, customer: customer!, created: created!, completed: completed! };
}

describe('the Checkout loop', () => {
  it('sends customer.created, customer.subscription.created and checkout.session.completed, each signed and in Stripe\'s event shape', async () => {
    const { session, customer, created, completed } = await checkout('loop@billing-starter.dev');
    expect([customer.type, created.type, completed.type]).toEqual(['customer.created', 'customer.subscription.created', 'checkout.session.completed']);
    for (const event of [customer, created, completed]) {
      expect(event.id).toMatch(/^evt_[0-9A-Za-z]{24}$/);
      expect(event).toMatchObject({ object: 'event', api_version: STRIPE_API_VERSION, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
      expect('previous_attributes' in event.data).toBe(false);
    }
    const cus = customer.data.object as Stripe.Customer;
    const sub = created.data.object as Stripe.Subscription;
    const done = completed.data.object as Stripe.Checkout.Session;
    expect(cus).toMatchObject({ object: 'customer', email: 'loop@billing-starter.dev' });
    expect(sub).toMatchObject({ object: 'subscription', status: 'active', customer: cus.id, metadata: { user_id: 'user-loop@billing-starter.dev' } });
    expect(sub.items.data[0]!.price.id).toBe(STRIPE_SEED_PRICE_IDS.pro);
    expect(done).toMatchObject({
      id: session.id, object: 'checkout.session', status: 'complete', payment_status: 'paid', mode: 'subscription',
      customer: cus.id, subscription: sub.id, client_reference_id: 'user-loop@billing-starter.dev', metadata: { user_id: 'user-loop@billing-starter.dev' },
      customer_details: { email: 'loop@billing-starter.dev' },
    });
    // What the API answers afterwards agrees with the events.
    expect(await t.stripe.subscriptions.retrieve(sub.id)).toMatchObject({ id: sub.id, status: 'active', customer: cus.id });
  });

  it('signs `t.<raw body>` with the whole secret: a wrong secret, a tampered body or a stale timestamp do not verify', async () => {
    await checkout('signature@billing-starter.dev');
    const hook = { ...t.standIn.deliveries().at(-1)! };
    const header = stripeSignatureHeader({ secret: TEST_STRIPE_WEBHOOK_SECRET, body: hook.body });
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(t.stripe.webhooks.constructEvent(hook.body, header, TEST_STRIPE_WEBHOOK_SECRET).id).toBe(hook.eventId);
    const refused = [
      () => t.stripe.webhooks.constructEvent(hook.body, header, 'whsec_SomeoneElsesSecret'),
      () => t.stripe.webhooks.constructEvent(hook.body.replace('"livemode": false', '"livemode": true'), header, TEST_STRIPE_WEBHOOK_SECRET),
      () => t.stripe.webhooks.constructEvent(hook.body, stripeSignatureHeader({ secret: TEST_STRIPE_WEBHOOK_SECRET, body: hook.body, timestamp: Math.floor(Date.now() / 1000) - 301 }), TEST_STRIPE_WEBHOOK_SECRET),
    ];
    for (const attempt of refused) expect(attempt).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });
});

describe('the portal and the period end', () => {
  it('cancels at period end and resumes on the portal page, then ends the subscription when the clock passes the period', async () => {
    const { created } = await checkout('portal@billing-starter.dev');
    const sub = created.data.object as Stripe.Subscription;
    const portal = await t.stripe.billingPortal.sessions.create({ customer: sub.customer as string, return_url: 'https://app.example/dashboard' });
    const press = async (label: string) => {
      const page = await (await fetch(portal.url)).text();
      const action = new RegExp(`<form method="post" action="([^"]+)"><button type="submit">${label}</button>`).exec(page)?.[1];
      if (!action) throw new Error(`no "${label}" button on the portal page`);
      const answer = await fetch(new URL(action, portal.url), { method: 'POST', redirect: 'manual' });
      expect([answer.status, answer.headers.get('location')]).toEqual([303, new URL(portal.url).pathname]);
    };

    await press('Cancel subscription');
    const [cancelled] = await events(1);
    const periodEnd = sub.items.data[0]!.current_period_end;
    expect(cancelled!.type).toBe('customer.subscription.updated');
    expect(cancelled!.data.object).toMatchObject({ id: sub.id, status: 'active', cancel_at_period_end: true, cancel_at: periodEnd, cancellation_details: { reason: 'cancellation_requested' } });
    expect(cancelled!.data.previous_attributes).toEqual({ cancel_at: null, cancel_at_period_end: false, canceled_at: null, cancellation_details: { comment: null, feedback: null, reason: null } });
    expect(await (await fetch(portal.url)).text()).toContain("Don&#39;t cancel");
    t.receiver.clear();

    await press("Don&#39;t cancel");
    const [resumed] = await events(1);
    expect(resumed!.data.object).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    expect(resumed!.data.previous_attributes).toMatchObject({ cancel_at_period_end: true, cancel_at: periodEnd });
    t.receiver.clear();

    await press('Cancel subscription');
    await events(1);
    t.receiver.clear();
    await t.standIn.advanceClock(32 * DAY);
    const [deleted, ...more] = await eventsAbout(sub.id);
    expect(more).toEqual([]);
    expect(deleted!.type).toBe('customer.subscription.deleted');
    expect(deleted!.data.object).toMatchObject({ id: sub.id, status: 'canceled', ended_at: periodEnd, cancel_at_period_end: true });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
  });

  it('renews a subscription not set to cancel into the next period, with the old period in previous_attributes', async () => {
    const { created } = await checkout('renewal@billing-starter.dev');
    const sub = created.data.object as Stripe.Subscription;
    const first = sub.items.data[0]!;
    expect(first.current_period_end).toBe(plusMonths(first.current_period_start, 1));
    await t.standIn.advanceClock(first.current_period_end * 1000 - t.standIn.now().getTime() + 1000);
    const [renewal, ...more] = await eventsAbout(sub.id);
    expect(more).toEqual([]);
    expect(renewal!.type).toBe('customer.subscription.updated');
    const item = (renewal!.data.object as Stripe.Subscription).items.data[0]!;
    expect(item.current_period_start).toBe(first.current_period_end);
    expect(item.current_period_end).toBe(plusMonths(first.current_period_start, 2));
    expect((renewal!.data.previous_attributes as { items: Stripe.ApiList<Stripe.SubscriptionItem> }).items.data[0]!.current_period_end).toBe(first.current_period_end);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).items.data[0]!.current_period_start).toBe(first.current_period_end);
  });
});

describe('events an API call causes', () => {
  it('name the request (Request-Id and Idempotency-Key) in event.request', async () => {
    const customer = await t.stripe.customers.create({ email: 'api-event@billing-starter.dev' }, { idempotencyKey: 'api-event-key' });
    const [created] = await events(1);
    expect(created!.type).toBe('customer.created');
    expect(created!.request).toEqual({ id: customer.lastResponse.requestId, idempotency_key: 'api-event-key' });
    t.receiver.clear();
    // A replay under the same key sends no second event.
    await t.stripe.customers.create({ email: 'api-event@billing-starter.dev' }, { idempotencyKey: 'api-event-key' });
    await t.standIn.idle();
    expect(t.receiver.received).toHaveLength(0);
  });

  it('sends customer.subscription.deleted for DELETE /v1/subscriptions/:id, and updated for a metadata change', async () => {
    const { created } = await checkout('api-cancel@billing-starter.dev');
    const sub = created.data.object as Stripe.Subscription;
    await t.stripe.subscriptions.update(sub.id, { metadata: { note: 'vip' } });
    const [updated] = await events(1);
    expect([updated!.type, updated!.data.previous_attributes]).toEqual(['customer.subscription.updated', { metadata: { user_id: 'user-api-cancel@billing-starter.dev' } }]);
    t.receiver.clear();
    const cancelled = await t.stripe.subscriptions.cancel(sub.id);
    const [deleted] = await events(1);
    expect(deleted!.type).toBe('customer.subscription.deleted');
    expect(deleted!.data.object).toMatchObject({ id: sub.id, status: 'canceled', ended_at: cancelled.ended_at });
    expect(deleted!.request?.id).toBe(cancelled.lastResponse.requestId);
  });
});

describe('retries', () => {
  it('retries a failed delivery with the same body and a fresh signature until answered 2xx', async () => {
    t.receiver.respondWith(500);
    const customer = await t.stripe.customers.create({ email: 'retried@billing-starter.dev' });
    await t.receiver.waitFor(3);
    t.receiver.respondWith(204);
    await t.standIn.settled();
    const hooks = t.receiver.received;
    expect(new Set(hooks.map((h) => h.body)).size).toBe(1);
    for (const hook of hooks) expect((verify(hook).data.object as Stripe.Customer).id).toBe(customer.id);
    const attempts = t.standIn.deliveries().filter((d) => d.eventId === verify(hooks[0]!).id);
    expect(attempts.at(-1)).toMatchObject({ status: 204, succeeded: true });
    expect(attempts.slice(0, -1).every((d) => d.status === 500 && !d.succeeded)).toBe(true);
  });

  it('gives up after 7 attempts (the schedule spans 55 of Stripe\'s "up to three days")', async () => {
    t.receiver.respondWith(503);
    await t.stripe.customers.create({ email: 'given-up@billing-starter.dev' });
    await t.standIn.settled();
    expect(t.receiver.received).toHaveLength(7);
    expect(new Set(t.receiver.received.map((h) => h.body)).size).toBe(1);
  });
});
