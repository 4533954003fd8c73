// POST /api/webhooks/polar through the production build, against the real database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eventually, signUpUser, sqlFor } from '../../fixtures/app-users.ts';
import { subscriptionEventTemplate } from '../../fixtures/event-template.ts';
import { deliver, subscriptionEvent, type EventBody } from '../../fixtures/polar-events.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
const send = (body: string | EventBody, options?: Parameters<typeof deliver>[3]) => deliver(stack.webhookUrl, stack.webhookSecret, body, options);

let template: EventBody;

/**
 * A time after the template's own: tests elsewhere move the Polar stand-in's clock ahead of
 * real time, so the template may have been created "in the future".
 */
const later = (seconds: number) => new Date(Math.max(Date.now(), Date.parse(String(template.data.created_at))) + seconds * 1000);
const rowOf = async (userId: string) => (await sql`select * from public.user_subscriptions where user_id = ${userId}`)[0];
const recorded = async (webhookId: string) => (await sql`select outcome, type, user_id from public.polar_webhook_events where webhook_id = ${webhookId}`)[0];

beforeAll(async () => {
  template = await subscriptionEventTemplate(stack, sql);
});
afterAll(() => sql.end());

/** A fresh user with a Polar customer of their own, and an event template for them. */
async function freshCustomer() {
  const user = await signUpUser(stack, 'fresh');
  const ids = { subscriptionId: randomUUID(), customerId: randomUUID(), externalId: user.id };
  return { user, ids, event: (change: Parameters<typeof subscriptionEvent>[1] = {}) => subscriptionEvent(template, { ...ids, ...change }) };
}

describe('signature', () => {
  it.each(['raw', 'standard'] as const)('accepts the %s signing scheme for the same whsec_ secret', async (scheme) => {
    const { user, ids, event } = await freshCustomer();
    const sent = await send(event({ modifiedAt: later(1) }), { scheme });
    expect(sent).toMatchObject({ status: 200, body: { received: true, outcome: 'applied' } });
    expect(await rowOf(user.id)).toMatchObject({ status: 'active', polar_subscription_id: ids.subscriptionId, polar_customer_id: ids.customerId });
  });

  it.each([
    ['another secret', { secret: 'whsec_b3RoZXItc2VjcmV0' }],
    ['a timestamp 6 minutes old', { timestamp: Date.now() / 1000 - 360 }],
    ['a timestamp 6 minutes ahead', { timestamp: Date.now() / 1000 + 360 }],
  ])('answers 403 {received:false} to %s, writing nothing', async (_name, options) => {
    const { user, event } = await freshCustomer();
    const sent = await send(event({ modifiedAt: later(1) }), options);
    expect(sent).toMatchObject({ status: 403, body: { received: false } });
    expect(await recorded(sent.id)).toBeUndefined();
    expect(await rowOf(user.id)).toBeUndefined();
  });

  it('answers 403 to a delivery without signature headers', async () => {
    const response = await fetch(stack.webhookUrl, { method: 'POST', body: JSON.stringify(template) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ received: false });
  });

  it('answers 413 to a body over 256 KB before looking at it', async () => {
    const huge = JSON.stringify({ ...template, padding: 'x'.repeat(300 * 1024) });
    const sent = await send(huge);
    expect(sent.status).toBe(413);
    expect(await recorded(sent.id)).toBeUndefined();
  });
});

describe('applying subscription events', () => {
  it('ignores a replayed webhook-id, even when its body claims a newer state', async () => {
    const { user, event } = await freshCustomer();
    const first = await send(event({ modifiedAt: later(1) }));
    const replay = await send(event({ modifiedAt: later(2), status: 'canceled' }), { id: first.id });
    expect(replay).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect((await rowOf(user.id))?.status).toBe('active');
  });

  it('keeps the newer state when `updated` arrives before `created`', async () => {
    const { user, event } = await freshCustomer();
    const updated = await send(event({ type: 'subscription.updated', modifiedAt: later(5), cancelAtPeriodEnd: true }));
    const created = await send(event({ type: 'subscription.created', modifiedAt: null }));
    expect(updated.body?.outcome).toBe('applied');
    expect(created.body?.outcome).toBe('stale');
    expect(await rowOf(user.id)).toMatchObject({ cancel_at_period_end: true });
    expect(await recorded(created.id)).toMatchObject({ outcome: 'stale', user_id: user.id });
  });

  it('applies one of many concurrent copies of a delivery, exactly once', async () => {
    const { user, event } = await freshCustomer();
    const id = `msg_${randomUUID()}`;
    const body = event({ modifiedAt: later(1) });
    const results = await Promise.all(Array.from({ length: 12 }, () => send(body, { id })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body?.outcome === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r.body?.outcome === 'duplicate')).toHaveLength(11);
    expect(await sql`select 1 from public.polar_webhook_events where webhook_id = ${id}`).toHaveLength(1);
    expect((await rowOf(user.id))?.status).toBe('active');
  });

  it('applies past_due, cancel at period end and revocation', async () => {
    const { user, event } = await freshCustomer();
    await send(event({ modifiedAt: later(1) }));
    await send(event({ type: 'subscription.past_due', status: 'past_due', modifiedAt: later(2) }));
    expect((await rowOf(user.id))?.status).toBe('past_due');
    await send(event({ type: 'subscription.canceled', status: 'active', cancelAtPeriodEnd: true, modifiedAt: later(3) }));
    expect(await rowOf(user.id)).toMatchObject({ status: 'active', cancel_at_period_end: true });
    await send(event({ type: 'subscription.revoked', status: 'canceled', modifiedAt: later(4) }));
    expect((await rowOf(user.id))?.status).toBe('canceled');
  });

  it('finds the user from checkout metadata when the customer has no external id', async () => {
    const { user, event } = await freshCustomer();
    const sent = await send(event({ externalId: null, metadata: { supabase_user_id: user.id }, modifiedAt: later(1) }));
    expect(sent.body?.outcome).toBe('applied');
    expect((await rowOf(user.id))?.status).toBe('active');
  });
});

describe('events kept but not applied', () => {
  it('answers 202 to an event for no known user and keeps it as unmatched', async () => {
    const sent = await send(subscriptionEvent(template, { subscriptionId: randomUUID(), customerId: randomUUID(), externalId: randomUUID(), modifiedAt: later(1) }));
    expect(sent).toMatchObject({ status: 202, body: { received: true, outcome: 'unmatched' } });
    expect(await recorded(sent.id)).toMatchObject({ outcome: 'unmatched', user_id: null });
  });

  it.each(['benefit.created', 'order.paid', 'something.new'])('answers 202 to the unhandled type %s and records it', async (type) => {
    const sent = await send({ type, timestamp: new Date().toISOString(), data: { id: randomUUID() } });
    expect(sent).toMatchObject({ status: 202, body: { received: true, outcome: 'ignored' } });
    expect(await recorded(sent.id)).toMatchObject({ outcome: 'ignored', type });
  });

  it.each([
    ['without the fields the app stores', () => ({ id: 'x' })],
    ['with cancel_at_period_end as a string', () => ({ ...template.data, id: randomUUID(), cancel_at_period_end: 'yes' })],
    ['with a date that is not a date', () => ({ ...template.data, id: randomUUID(), current_period_end: 'next month' })],
    ['without its customer', () => ({ ...template.data, id: randomUUID(), customer: undefined })],
  ])('keeps a subscription event %s as unreadable (202, never 5xx), logged loudly, nothing applied', async (_name, data) => {
    const before = await sql`select count(*)::int as n from public.user_subscriptions`;
    const sent = await send({ type: 'subscription.updated', timestamp: new Date().toISOString(), data: data() });
    expect(sent).toMatchObject({ status: 202, body: { received: true, outcome: 'unreadable' } });
    expect(await recorded(sent.id)).toMatchObject({ outcome: 'unreadable', type: 'subscription.updated' });
    expect(await sql`select count(*)::int as n from public.user_subscriptions`).toEqual(before);
    await eventually(async () => (await control.appLogs()).includes(`UNREADABLE subscription.updated ${sent.id}`));
    // A redelivery of it is recognised, and answered the same.
    expect((await send({ type: 'subscription.updated', timestamp: new Date().toISOString(), data: data() }, { id: sent.id })).body?.outcome).toBe('unreadable');
  });

  it('answers 400 to a signed body that is not an event envelope', async () => {
    expect((await send('[1,2,3]')).status).toBe(400);
    expect((await send('{"data":{}}')).status).toBe(400);
  });
});

describe("today's payloads, which no sdk schema knows in full", () => {
  // Shapes Polar's API returns now (server/polar/product/schemas.py, models/benefit.py,
  // models/customer.py): @polar-sh/sdk 0.47's closed unions refused every one of these.
  const unitPrice = { id: randomUUID(), created_at: new Date().toISOString(), modified_at: null, source: 'catalog', amount_type: 'unit_based', price_currency: 'usd', tax_behavior: null, is_archived: false, product_id: 'p', tiers: { type: 'volume', tiers: [{ bound: null, unit_amount: '100' }] }, minimum_units: 1, unit_label: 'seat' };
  const futureBenefit = { id: randomUUID(), created_at: new Date().toISOString(), modified_at: null, type: 'future_type', description: 'Something new', selectable: true, deletable: true, is_deleted: false, organization_id: 'o', metadata: { key: 'pro' }, visibility: 'public', visibility_configurable: true, properties: { whatever: 1 } };

  it.each([
    ['a unit-based price', (data: Record<string, unknown>) => ({ ...data, prices: [unitPrice], product: { ...(data.product as object), prices: [unitPrice] } })],
    ['a benefit of a type Polar added later', (data: Record<string, unknown>) => ({ ...data, product: { ...(data.product as object), benefits: [futureBenefit] } })],
    ['a customer whose avatar_url is null', (data: Record<string, unknown>) => ({ ...data, customer: { ...(data.customer as object), avatar_url: null } })],
    ['a status this app has never seen, and keys it does not know', (data: Record<string, unknown>) => ({ ...data, status: 'paused', pause_at_period_end: true, brand_new_field: { nested: [1] } })],
  ])('applies a subscription event carrying %s', async (_name, change) => {
    const { user, ids, event } = await freshCustomer();
    const body = event({ modifiedAt: later(1) });
    const sent = await send({ ...body, data: change(body.data) });
    expect(sent).toMatchObject({ status: 200, body: { received: true, outcome: 'applied' } });
    expect(await rowOf(user.id)).toMatchObject({ polar_subscription_id: ids.subscriptionId, polar_customer_id: ids.customerId });
  });

  it('applies subscription.cycled, the renewal event Polar added in 2026', async () => {
    const { user, event } = await freshCustomer();
    const sent = await send(event({ type: 'subscription.cycled', modifiedAt: later(1) }));
    expect(sent).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect((await rowOf(user.id))?.status).toBe('active');
  });

  it("finds the user from checkout metadata when Polar reused a customer whose external id names a deleted account", async () => {
    const { user, ids, event } = await freshCustomer();
    // The same email once belonged to another app user, since deleted: Polar keeps that id.
    const sent = await send(event({ modifiedAt: later(1), externalId: randomUUID(), metadata: { supabase_user_id: user.id } }));
    expect(sent).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(await rowOf(user.id)).toMatchObject({ polar_customer_id: ids.customerId, status: 'active' });
  });
});

describe('conflicts: a customer already linked to a user stays with that user', () => {
  it.each([
    ['its external id', (other: string) => ({ externalId: other })],
    ['the checkout metadata', (other: string) => ({ externalId: null, metadata: { supabase_user_id: other } })],
  ])('answers 202 to an event naming another user by %s, moves nothing, logs both ids — also on redelivery', async (_name, names) => {
    const { user, ids, event } = await freshCustomer();
    await send(event({ modifiedAt: later(1) }));
    const other = await signUpUser(stack, 'other');
    const before = await rowOf(user.id);
    const hostile = event({ modifiedAt: later(5), subscriptionId: randomUUID(), status: 'active', ...names(other.id) });
    const sent = await send(hostile);
    expect(sent).toMatchObject({ status: 202, body: { received: true, outcome: 'conflict' } });
    const again = await send(hostile, { id: sent.id });
    expect(again).toMatchObject({ status: 202, body: { outcome: 'conflict' } });
    expect(await rowOf(user.id)).toEqual(before);
    expect(await rowOf(other.id)).toBeUndefined();
    expect(await recorded(sent.id)).toMatchObject({ outcome: 'conflict', user_id: user.id });
    const line = await eventually(async () => (await control.appLogs()).split('\n').find((l) => l.includes(`CONFLICT subscription.created ${sent.id}`) || l.includes(`CONFLICT subscription.updated ${sent.id}`)));
    expect(line).toContain(user.id);
    expect(line).toContain(other.id);
    expect(line).toContain(ids.customerId);
  });
});

describe('customer events', () => {
  it('links a customer.created to its user', async () => {
    const user = await signUpUser(stack, 'customer');
    const customerId = randomUUID();
    const customer = { ...template.data.customer, id: customerId, external_id: user.id, email: user.email };
    const sent = await send({ type: 'customer.created', timestamp: new Date().toISOString(), data: customer });
    expect(sent).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(await rowOf(user.id)).toMatchObject({ polar_customer_id: customerId, status: null });
  });

  it('links a customer.updated whose avatar_url is null (a customer without an email)', async () => {
    const user = await signUpUser(stack, 'no-avatar');
    const customerId = randomUUID();
    const customer = { ...template.data.customer, id: customerId, external_id: user.id, email: null, avatar_url: null };
    const sent = await send({ type: 'customer.updated', timestamp: new Date().toISOString(), data: customer });
    expect(sent).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect(await rowOf(user.id)).toMatchObject({ polar_customer_id: customerId });
  });
});

describe('database failure', () => {
  it('answers 500 so Polar redelivers, records nothing, and applies the redelivery', async () => {
    const { user, event } = await freshCustomer();
    const body = event({ modifiedAt: later(1) });
    await sql`revoke execute on function public.apply_polar_subscription from service_role`;
    let failed;
    try {
      failed = await send(body);
    } finally {
      await sql`grant execute on function public.apply_polar_subscription to service_role`;
    }
    expect(failed).toMatchObject({ status: 500, body: { received: false } });
    expect(await recorded(failed.id)).toBeUndefined();

    const redelivered = await send(body, { id: failed.id });
    expect(redelivered).toMatchObject({ status: 200, body: { outcome: 'applied' } });
    expect((await rowOf(user.id))?.status).toBe('active');
  });

  it('answers 500 in time when the database is too slow, and applies the redelivery', async () => {
    const { user, event } = await freshCustomer();
    const body = event({ modifiedAt: later(1) });
    let slow;
    try {
      await control.supabaseFaults({ latencyMs: 2_500 });
      slow = await send(body);
    } finally {
      await control.supabaseFaults({});
    }
    expect(slow).toMatchObject({ status: 500, body: { received: false } });
    const redelivered = await send(body, { id: slow.id });
    expect(redelivered.status).toBe(200);
    expect((await rowOf(user.id))?.status).toBe('active');
  });
});
