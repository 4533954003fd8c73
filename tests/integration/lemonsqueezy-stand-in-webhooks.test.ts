// The Lemon Squeezy stand-in's webhooks, verified as the app will verify them (hex HMAC-SHA256 of
// the raw body in X-Signature, compared with timingSafeEqual): the checkout loop's events with
// the checkout's custom data, the portal's cancel and resume, the period end on the clock, the
// events an API call causes, and retries of a delivery that did not get a 200.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createCheckout, getCustomer, updateSubscription } from '@lemonsqueezy/lemonsqueezy.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS, lemonSqueezySignature } from '../../local/lemonsqueezy/index.ts';
import type { ReceivedWebhook } from '../fixtures/polar-webhook-receiver.ts';
import { payOnHostedPage, pressPortalButton, startTestLemonSqueezy, TEST_LEMONSQUEEZY_WEBHOOK_SECRET, type TestLemonSqueezy } from '../fixtures/lemonsqueezy-stand-in.ts';

let t: TestLemonSqueezy;
beforeAll(async () => {
  t = await startTestLemonSqueezy();
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.standIn.settled();
  t.receiver.respondWith(200);
  t.receiver.clear();
});

const DAY = 86_400_000;
const REDIRECT = 'https://app.example/billing/success';

interface LemonEvent {
  meta: { event_name: string; custom_data?: Record<string, unknown>; test_mode: boolean; webhook_id: string };
  data: { type: string; id: string; attributes: Record<string, unknown>; relationships: object; links: { self: string } };
}

/** The receiver's check, as the app's webhook route will make it: the hex HMAC of the raw bytes, compared in constant time. */
function verifies(body: string, signature: string | undefined, secret = TEST_LEMONSQUEEZY_WEBHOOK_SECRET): boolean {
  if (!signature) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function verified(hook: ReceivedWebhook): LemonEvent {
  expect(verifies(hook.body, hook.headers['x-signature'])).toBe(true);
  const event = JSON.parse(hook.body) as LemonEvent;
  expect([hook.headers['content-type'], hook.headers['x-event-name']]).toEqual(['application/json', event.meta.event_name]);
  return event;
}

/** Waits for `count` webhooks since the last clear, verifies each, and checks no more came. */
async function events(count: number): Promise<LemonEvent[]> {
  const hooks = await t.receiver.waitFor(count);
  await t.standIn.idle();
  expect(t.receiver.received).toHaveLength(count);
  return hooks.map(verified);
}

/** Every webhook since the last clear about this subscription (the clock moves every subscription). */
async function eventsAbout(subscriptionId: string): Promise<LemonEvent[]> {
  await t.standIn.idle();
  return t.receiver.received.map(verified).filter((e) => e.data.type === 'subscriptions' && e.data.id === subscriptionId);
}

async function buy(email: string, variant: string = LEMONSQUEEZY_SEED_VARIANT_IDS.starter) {
  const created = await createCheckout(LEMONSQUEEZY_SEED_STORE_ID, variant, { checkoutData: { custom: { user_id: `user-${email}` } }, productOptions: { redirectUrl: REDIRECT } });
  const paid = await payOnHostedPage(created.data!.data.attributes.url, email);
  expect([paid.status, paid.headers.get('location')]).toEqual([303, REDIRECT]);
  const [order, subscription] = await events(2);
  t.receiver.clear();
  return { checkout: created.data!.data, order: order!, subscription: subscription! };
}

describe('the checkout loop', () => {
  it('sends order_created then subscription_created, signed, with meta.custom_data carrying the app user', async () => {
    const { order, subscription } = await buy('loop@billing-starter.dev');
    expect([order.meta.event_name, subscription.meta.event_name]).toEqual(['order_created', 'subscription_created']);
    for (const event of [order, subscription]) {
      expect(event.meta).toEqual({ event_name: event.meta.event_name, custom_data: { user_id: 'user-loop@billing-starter.dev' }, test_mode: true, webhook_id: t.standIn.webhookEndpoint().id });
    }
    expect(order.data).toMatchObject({ type: 'orders', attributes: { store_id: Number(LEMONSQUEEZY_SEED_STORE_ID), user_email: 'loop@billing-starter.dev', status: 'paid', total: 900, currency: 'USD' } });
    expect(subscription.data).toMatchObject({
      type: 'subscriptions',
      attributes: { customer_id: order.data.attributes.customer_id, order_id: Number(order.data.id), variant_id: Number(LEMONSQUEEZY_SEED_VARIANT_IDS.starter), status: 'active', cancelled: false, ends_at: null, user_email: 'loop@billing-starter.dev' },
    });
    expect(subscription.data.links.self).toBe(`${t.standIn.url}/v1/subscriptions/${subscription.data.id}`);
  });

  it('a tampered body, a wrong secret or a missing signature does not verify', async () => {
    await createCheckout(LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS.pro, { checkoutData: { email: 'tamper@billing-starter.dev', custom: { user_id: 'user-1' } } }).then((r) =>
      payOnHostedPage(r.data!.data.attributes.url),
    );
    const [hook] = await t.receiver.waitFor(2);
    const signature = hook!.headers['x-signature'];
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signature).toBe(lemonSqueezySignature(TEST_LEMONSQUEEZY_WEBHOOK_SECRET, hook!.body));
    expect(verifies(hook!.body, signature)).toBe(true);
    expect(verifies(hook!.body.replace('"user-1"', '"user-2"'), signature)).toBe(false);
    expect(verifies(`${hook!.body} `, signature)).toBe(false);
    expect(verifies(hook!.body, signature, 'another-secret')).toBe(false);
    expect(verifies(hook!.body, undefined)).toBe(false);
    expect(verifies(hook!.body, signature!.slice(0, 63))).toBe(false);
  });

  it('a paid checkout link only redirects again: no second order or subscription', async () => {
    const { checkout } = await buy('twice@billing-starter.dev');
    const again = await fetch(checkout.attributes.url, { method: 'POST', body: new URLSearchParams({ email: 'twice@billing-starter.dev' }), redirect: 'manual' });
    expect([again.status, again.headers.get('location')]).toEqual([303, REDIRECT]);
    await t.standIn.idle();
    expect(t.receiver.received).toEqual([]);
  });

  it('refuses a changed link (404) and an invalid email on the page (422), sending nothing', async () => {
    const created = await createCheckout(LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS.pro);
    const url = new URL(created.data!.data.attributes.url);
    url.searchParams.set('signature', '0'.repeat(64));
    expect((await fetch(url)).status).toBe(404);
    expect((await payOnHostedPage(created.data!.data.attributes.url, 'not-an-email')).status).toBe(422);
    await t.standIn.idle();
    expect(t.receiver.received).toEqual([]);
  });
  it('does not open a checkout past its expires_at (410)', async () => {
    const expiresAt = new Date(t.standIn.now().getTime() + 3_600_000).toISOString();
    const created = await createCheckout(LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS.pro, { expiresAt });
    expect(created.data!.data.attributes.expires_at).toBe(expiresAt.replace(/\.(\d{3})Z$/, '.$1000Z'));
    expect((await fetch(created.data!.data.attributes.url)).status).toBe(200);
    await t.standIn.advanceClock(2 * 3_600_000);
    expect((await fetch(created.data!.data.attributes.url)).status).toBe(410);
  });
});

describe('the customer portal', () => {
  it("cancels from getCustomer's portal link (subscription_cancelled, subscription_updated) and resumes (subscription_resumed, subscription_updated)", async () => {
    const { subscription } = await buy('portal@billing-starter.dev');
    const customer = await getCustomer(subscription.data.attributes.customer_id as number);
    const portal = customer.data!.data.attributes.urls.customer_portal!;
    const page = await fetch(portal);
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('Starter')]);

    const cancelled = await pressPortalButton(portal, subscription.data.id, 'Cancel subscription');
    expect([cancelled.status, new URL(cancelled.headers.get('location')!, portal).href]).toEqual([303, portal]);
    const [cancelEvent, cancelUpdate] = await events(2);
    expect([cancelEvent!.meta.event_name, cancelUpdate!.meta.event_name]).toEqual(['subscription_cancelled', 'subscription_updated']);
    expect(cancelEvent!.data.attributes).toMatchObject({ status: 'cancelled', cancelled: true, ends_at: subscription.data.attributes.renews_at });
    expect(cancelUpdate!.data).toEqual(cancelEvent!.data);
    expect(cancelEvent!.meta.custom_data).toEqual({ user_id: 'user-portal@billing-starter.dev' });

    t.receiver.clear();
    expect((await pressPortalButton(portal, subscription.data.id, 'Resume subscription')).status).toBe(303);
    const [resumeEvent, resumeUpdate] = await events(2);
    expect([resumeEvent!.meta.event_name, resumeUpdate!.meta.event_name]).toEqual(['subscription_resumed', 'subscription_updated']);
    expect(resumeEvent!.data.attributes).toMatchObject({ status: 'active', cancelled: false, ends_at: null });
  });

  it('does not open a changed portal link, nor one older than 24 hours', async () => {
    const { subscription } = await buy('expiry@billing-starter.dev');
    const portal = (await getCustomer(subscription.data.attributes.customer_id as number)).data!.data.attributes.urls.customer_portal!;
    const otherUser = new URL(portal);
    otherUser.searchParams.set('user', '1');
    expect((await fetch(otherUser)).status).toBe(403);
    expect((await fetch(portal)).status).toBe(200);
    await t.standIn.advanceClock(DAY + 60_000);
    expect((await fetch(portal)).status).toBe(403);
    const fresh = (await getCustomer(subscription.data.attributes.customer_id as number)).data!.data.attributes.urls.customer_portal!;
    expect((await fetch(fresh)).status).toBe(200);
  });
});

describe('the clock', () => {
  it('expires a cancelled subscription at ends_at (subscription_expired) and renews an active one (subscription_updated with the next renews_at)', async () => {
    const { subscription: kept } = await buy('renews@billing-starter.dev');
    const { subscription: leaving } = await buy('expires@billing-starter.dev');
    await updateSubscription(leaving.data.id, { cancelled: true });
    await events(2);
    t.receiver.clear();

    await t.standIn.advanceClock(32 * DAY);
    const expired = await eventsAbout(leaving.data.id);
    expect(expired.map((e) => e.meta.event_name)).toEqual(['subscription_expired', 'subscription_updated']);
    expect(expired[0]!.data.attributes).toMatchObject({ status: 'expired', status_formatted: 'Expired', cancelled: true, ends_at: leaving.data.attributes.renews_at });
    expect(expired[0]!.meta.custom_data).toEqual({ user_id: 'user-expires@billing-starter.dev' });

    const renewed = await eventsAbout(kept.data.id);
    expect(renewed.map((e) => e.meta.event_name)).toEqual(['subscription_updated']);
    const renewsAt = new Date(kept.data.attributes.renews_at as string);
    const next = new Date(Date.UTC(renewsAt.getUTCFullYear(), renewsAt.getUTCMonth() + 1, 1, renewsAt.getUTCHours(), renewsAt.getUTCMinutes(), renewsAt.getUTCSeconds(), renewsAt.getUTCMilliseconds()));
    next.setUTCDate(Math.min(kept.data.attributes.billing_anchor as number, new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate()));
    expect(renewed[0]!.data.attributes).toMatchObject({ status: 'active', renews_at: next.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') });

    // An expired subscription cannot be resumed.
    const resume = await updateSubscription(leaving.data.id, { cancelled: false });
    expect([resume.statusCode, resume.error?.cause]).toEqual([422, [{ detail: 'An expired subscription cannot be resumed.', status: '422', title: 'Unprocessable Entity', source: { pointer: '/data/attributes/cancelled' } }]]);
  });
});

describe('delivery', () => {
  it('retries up to three more times (5 s, 25 s, 125 s, scaled) on anything but a 200 — a 204 too — then gives up', async () => {
    t.receiver.respondWith(204);
    const before = t.standIn.deliveries().length;
    const { data } = await createCheckout(LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS.starter, { checkoutData: { email: 'retry@billing-starter.dev' } });
    await payOnHostedPage(data!.data.attributes.url);
    await t.standIn.settled();
    const attempts = t.standIn.deliveries().slice(before);
    // The two events' retries interleave; each event has its four attempts.
    for (const name of ['order_created', 'subscription_created']) {
      expect(attempts.filter((a) => a.eventName === name).map((a) => [a.status, a.succeeded])).toEqual(Array.from({ length: 4 }, () => [204, false]));
    }
    expect(attempts).toHaveLength(8);
    // Every attempt carries the same bytes and signature; no custom data, no custom_data member.
    const bodies = t.receiver.received.map((h) => h.body);
    expect(new Set(bodies).size).toBe(2);
    expect(new Set(t.receiver.received.map((h) => h.headers['x-signature'])).size).toBe(2);
    expect((JSON.parse(bodies[0]!) as LemonEvent).meta).not.toHaveProperty('custom_data');
  });

  it('a failed delivery that later gets a 200 succeeds on its retry', async () => {
    t.receiver.respondWith(500);
    const before = t.standIn.deliveries().length;
    const { data } = await createCheckout(LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS.pro, { checkoutData: { email: 'recover@billing-starter.dev' } });
    await payOnHostedPage(data!.data.attributes.url);
    await t.receiver.waitFor(2);
    t.receiver.respondWith(200);
    await t.standIn.settled();
    const all = t.standIn.deliveries().slice(before);
    for (const name of ['order_created', 'subscription_created']) {
      const attempts = all.filter((a) => a.eventName === name);
      expect(attempts[0]!.status).toBe(500);
      expect(attempts.at(-1)).toMatchObject({ status: 200, succeeded: true });
    }
  });
});
