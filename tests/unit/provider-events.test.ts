// Reading Stripe's and Lemon Squeezy's webhooks and objects in the app's terms: pure functions.
import { describe, expect, it } from 'vitest';
import { lemonSqueezySignature } from '../../local/lemonsqueezy/webhook-signer.ts';
import { stripeSignatureHeader } from '../../local/stripe/webhook-signer.ts';
import { lemonSqueezySubscriptionState, type LemonSqueezySubscription } from '@/lib/lemonsqueezy/objects';
import { deliveryIdOf, InvalidLemonSqueezyWebhookError, parseLemonSqueezyEvent, verifyLemonSqueezySignature } from '@/lib/lemonsqueezy/webhook-events';
import { InvalidStripeWebhookError, parseStripeEvent, verifyStripeWebhook } from '@/lib/stripe/webhook-events';

const USER = '0b9c7a52-1a43-4c7e-9d8e-2c1f6b0e4d11';

const lsSubscription = (attributes: Partial<LemonSqueezySubscription['attributes']>): LemonSqueezySubscription => ({
  type: 'subscriptions',
  id: '42',
  attributes: {
    store_id: '1', customer_id: '7', product_id: '20002', variant_id: '30002', status: 'active', cancelled: false,
    trial_ends_at: null, renews_at: '2027-01-01T00:00:00.000000Z', ends_at: null,
    created_at: '2026-12-01T00:00:00.000000Z', updated_at: '2026-12-02T00:00:00.000000Z', ...attributes,
  },
});

describe('Lemon Squeezy subscriptions in the app’s terms', () => {
  it('keeps a cancelled subscription live until ends_at, and ends an expired one', () => {
    expect(lemonSqueezySubscriptionState(lsSubscription({}))).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, currentPeriodEnd: '2027-01-01T00:00:00.000000Z' });
    const cancelled = lemonSqueezySubscriptionState(lsSubscription({ status: 'cancelled', cancelled: true, ends_at: '2027-01-01T00:00:00.000000Z' }));
    expect(cancelled).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, endsAt: '2027-01-01T00:00:00.000000Z', endedAt: undefined });
    const expired = lemonSqueezySubscriptionState(lsSubscription({ status: 'expired', cancelled: true, ends_at: '2027-01-01T00:00:00.000000Z' }));
    expect(expired).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: false, endedAt: '2027-01-01T00:00:00.000000Z' });
    expect(lemonSqueezySubscriptionState(lsSubscription({ status: 'on_trial' })).status).toBe('trialing');
  });

  it('takes the user only from the checkout’s custom data, and only a UUID', () => {
    expect(lemonSqueezySubscriptionState(lsSubscription({}), { supabase_user_id: USER.toUpperCase() }).claimedUserId).toBe(USER);
    expect(lemonSqueezySubscriptionState(lsSubscription({}), { supabase_user_id: 'admin' }).claimedUserId).toBeUndefined();
  });
});

describe('Lemon Squeezy webhooks', () => {
  it('accepts only the lower-case hex HMAC of the exact body', () => {
    const body = '{"meta":{"event_name":"order_created"},"data":{}}';
    const signed = lemonSqueezySignature('secret', body);
    expect(() => verifyLemonSqueezySignature(body, signed, 'secret')).not.toThrow();
    expect(() => verifyLemonSqueezySignature(body, signed.toUpperCase(), 'secret')).toThrow(InvalidLemonSqueezyWebhookError);
    expect(() => verifyLemonSqueezySignature(`${body} `, signed, 'secret')).toThrow(InvalidLemonSqueezyWebhookError);
    expect(() => verifyLemonSqueezySignature(body, lemonSqueezySignature('other', body), 'secret')).toThrow(InvalidLemonSqueezyWebhookError);
    expect(() => verifyLemonSqueezySignature(body, null, 'secret')).toThrow(InvalidLemonSqueezyWebhookError);
    expect(() => verifyLemonSqueezySignature(body, 'abc', 'secret')).toThrow(InvalidLemonSqueezyWebhookError);
  });

  it('knows a delivery by its body: the same bytes, the same id', () => {
    expect(deliveryIdOf('{"a":1}')).toBe(deliveryIdOf('{"a":1}'));
    expect(deliveryIdOf('{"a":1}')).not.toBe(deliveryIdOf('{"a": 1}'));
    expect(deliveryIdOf('{}')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads subscription events, links orders, keeps other types, and refuses what is no event', () => {
    const sub = lsSubscription({});
    expect(parseLemonSqueezyEvent({ meta: { event_name: 'subscription_updated', custom_data: { supabase_user_id: USER } }, data: sub })).toMatchObject({ kind: 'subscription', state: { id: '42', claimedUserId: USER } });
    expect(parseLemonSqueezyEvent({ meta: { event_name: 'order_created', custom_data: { supabase_user_id: USER } }, data: { type: 'orders', id: '9', attributes: { customer_id: 7 } } })).toEqual({ kind: 'customer', type: 'order_created', customerId: '7', claimedUserId: USER });
    expect(parseLemonSqueezyEvent({ meta: { event_name: 'subscription_payment_success' }, data: { type: 'subscription-invoices', id: '1' } })).toEqual({ kind: 'other', type: 'subscription_payment_success' });
    expect(parseLemonSqueezyEvent({ meta: { event_name: 'subscription_updated', custom_data: [] }, data: { ...sub, attributes: { ...sub.attributes, status: 'weird' } } })).toMatchObject({ kind: 'unreadable' });
    expect(parseLemonSqueezyEvent({ data: sub })).toBeNull();
    expect(parseLemonSqueezyEvent([])).toBeNull();
  });
});

describe('Stripe webhooks', () => {
  const secret = 'whsec_UnitTestSecret0123456789';
  const event = (object: unknown, type = 'customer.subscription.updated') => JSON.stringify({ id: 'evt_1', object: 'event', type, created: 1_800_000_000, data: { object } });
  const now = 1_800_000_100_000;

  it('verifies with the library, and refuses a repeated, fractional or future timestamp first', () => {
    const body = event({});
    expect(verifyStripeWebhook(body, stripeSignatureHeader({ secret, body, timestamp: now / 1000 - 60 }), secret, now)).toMatchObject({ id: 'evt_1' });
    expect(() => verifyStripeWebhook(body, stripeSignatureHeader({ secret, body, timestamp: now / 1000 - 301 }), secret, now)).toThrow(InvalidStripeWebhookError);
    expect(() => verifyStripeWebhook(body, stripeSignatureHeader({ secret, body, timestamp: now / 1000 + 301 }), secret, now)).toThrow(/future/);
    const signed = stripeSignatureHeader({ secret, body, timestamp: now / 1000 });
    expect(() => verifyStripeWebhook(body, `t=${now / 1000},${signed}`, secret, now)).toThrow(/repeated/);
    expect(() => verifyStripeWebhook(body, signed.replace(/^t=(\d+)/, 't=$1x'), secret, now)).toThrow(InvalidStripeWebhookError);
    expect(() => verifyStripeWebhook(body, null, secret, now)).toThrow(InvalidStripeWebhookError);
  });

  it('reads a subscription event at the event’s time, with the period of its first item', () => {
    const sub = {
      id: 'sub_1', object: 'subscription', customer: 'cus_1', status: 'active', cancel_at_period_end: false, cancel_at: 1_802_000_000, canceled_at: 1_800_000_000,
      ended_at: null, start_date: 1_799_000_000, trial_start: null, trial_end: null, metadata: { supabase_user_id: USER },
      items: { data: [{ current_period_start: 1_799_000_000, current_period_end: 1_802_000_000, price: { id: 'price_1', product: 'prod_1' } }] },
    };
    const parsed = parseStripeEvent(JSON.parse(event(sub)));
    expect(parsed?.id).toBe('evt_1');
    // A cancel_at is an end, whether set by the period-end flag or on its own.
    expect(parsed?.event).toMatchObject({ kind: 'subscription', eventAt: '2027-01-15T08:00:00.000Z', state: { id: 'sub_1', productId: 'prod_1', priceId: 'price_1', cancelAtPeriodEnd: true, endsAt: '2027-02-07T11:33:20.000Z', modifiedAt: '2027-01-15T08:00:00.000Z', claimedUserId: USER } });
    expect(parseStripeEvent(JSON.parse(event({ ...sub, items: { data: [] } })))?.event).toMatchObject({ kind: 'unreadable' });
  });

  it('links a completed subscription checkout’s customer, and nothing else', () => {
    const session = { id: 'cs_1', object: 'checkout.session', mode: 'subscription', customer: 'cus_1', client_reference_id: USER, metadata: {}, url: null };
    expect(parseStripeEvent(JSON.parse(event(session, 'checkout.session.completed')))?.event).toEqual({ kind: 'customer', type: 'checkout.session.completed', customerId: 'cus_1', claimedUserId: USER });
    expect(parseStripeEvent(JSON.parse(event({ ...session, mode: 'payment' }, 'checkout.session.completed')))?.event).toEqual({ kind: 'other', type: 'checkout.session.completed' });
    expect(parseStripeEvent(JSON.parse(event({}, 'invoice.paid')))?.event).toEqual({ kind: 'other', type: 'invoice.paid' });
    expect(parseStripeEvent({ id: 'evt_1', object: 'event' })).toBeNull();
  });
});
