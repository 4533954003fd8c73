// Plan changes, trials and the benefit grace period on the Polar stand-in, as Polar's server does
// them (subscription/service.py update_product, clear_pending_update, cycle; subscription/update.py;
// docs/fidelity.md): every answer read by sdk 0.47 (the helpers' strict client), sdk 1.x and the
// app's own schema; the webhooks of each change in Polar's order.
import { randomUUID } from 'node:crypto';
import { AlreadyCanceledSubscription } from '@polar-sh/sdk/models/errors/alreadycanceledsubscription.js';
import { HTTPValidationError } from '@polar-sh/sdk/models/errors/httpvalidationerror.js';
import { validateEvent } from '@polar-sh/sdk/webhooks';
import { PolarClientError } from 'polar-sdk-v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInterval } from '../../local/kit/clock.ts';
import { monthlyProduct, SEED_PRODUCT_IDS } from '../../local/polar/index.ts';
import { payThroughHostedCheckout, portalAction } from '../fixtures/polar-hosted-pages.ts';
import { startTestPolar, verified, type TestPolar } from '../fixtures/polar-stand-in.ts';
import { benefitGrantSchema, subscriptionSchema, type PolarSubscription } from '@/lib/polar/objects';

const DAY = 24 * 60 * 60 * 1000;
let polar: TestPolar;

// Signed with the raw-bytes key, so sdk 0.47's validateEvent (the helpers' webhook parser) can read every event too.
beforeAll(async () => {
  polar = await startTestPolar({ webhookScheme: 'raw' });
});
afterAll(() => polar?.close());

async function subscribed(who: string, productId: string = SEED_PRODUCT_IDS.starter) {
  await payThroughHostedCheckout(polar.sdk, { productId, externalCustomerId: who, email: `${who}@billing-starter.dev` });
  const [raw] = (await polar.api.subscriptions.list({ external_customer_id: who })).items;
  await polar.standIn.idle();
  return subscriptionSchema.parse(raw);
}

/** The webhooks sent while `act` runs, each verified by the app and parsed by sdk 0.47. */
async function webhooksOf<T>(act: () => Promise<T>) {
  await polar.standIn.idle();
  polar.receiver.clear();
  const result = await act();
  await polar.standIn.idle();
  const events = polar.receiver.received.map((hook) => {
    const event = verified(hook, polar.secret);
    // sdk 0.47 predates subscription.cycled, and refuses types it does not know.
    if (event.type !== 'subscription.cycled') expect(() => validateEvent(hook.body, hook.headers, polar.secret), event.type).not.toThrow();
    return event;
  });
  return { result, events };
}

const typesOf = (events: Array<{ type: string }>) => events.map((e) => e.type).filter((t) => !t.startsWith('customer.'));
const latest = async (id: string): Promise<PolarSubscription> => subscriptionSchema.parse(await polar.api.subscriptions.get(id));
/** Through sdk 0.47, whose Subscription schema is strict: pending_update included. */
const strictGet = (id: string) => polar.sdk.subscriptions.get({ id });

describe('next_period: a change scheduled for the next cycle', () => {
  it('fills pending_update and changes nothing else, not even modified_at; the cycle applies it', async () => {
    const before = await subscribed('schedules', SEED_PRODUCT_IDS.pro);
    const { result, events } = await webhooksOf(() =>
      polar.sdk.subscriptions.update({ id: before.id, subscriptionUpdate: { productId: SEED_PRODUCT_IDS.starter, prorationBehavior: 'next_period' } }),
    );
    expect(result.pendingUpdate).toMatchObject({ productId: SEED_PRODUCT_IDS.starter, appliesAt: new Date(before.current_period_end!) });
    expect(typesOf(events)).toEqual(['subscription.updated']);
    const scheduled = subscriptionSchema.parse(events[0]!.data);
    expect(scheduled).toMatchObject({ product_id: SEED_PRODUCT_IDS.pro, modified_at: before.modified_at, pending_update: { product_id: SEED_PRODUCT_IDS.starter, applies_at: before.current_period_end } });
    expect(events.map((e) => e.type)).toContain('customer.state_changed');

    // At the cycle: the new product, its price, and the benefits it lacks revoked.
    const { events: cycled } = await webhooksOf(() => polar.standIn.advanceClock(31 * DAY));
    const mine = cycled.filter((e) => JSON.stringify(e.data).includes(before.id));
    expect(typesOf(mine)).toEqual(['subscription.cycled', 'subscription.updated', 'benefit_grant.revoked', 'order.created', 'order.updated', 'order.paid', 'benefit_grant.cycled']);
    expect(benefitGrantSchema.parse(mine.find((e) => e.type === 'benefit_grant.revoked')!.data).benefit.metadata.key).toBe('pro');
    expect(mine.find((e) => e.type === 'order.paid')!.data).toMatchObject({ total_amount: 900, billing_reason: 'subscription_cycle' });
    const after = await latest(before.id);
    expect(after).toMatchObject({ product_id: SEED_PRODUCT_IDS.starter, pending_update: null, amount: 900, current_period_start: before.current_period_end });
    expect((await strictGet(before.id)).prices.map((p) => p.id)).toHaveLength(1);
  });

  it('is cleared with {pending_update: null}, again without touching modified_at; a second clear is a 422', async () => {
    const sub = await subscribed('keeps-pro', SEED_PRODUCT_IDS.pro);
    await polar.api.subscriptions.update(sub.id, { product_id: SEED_PRODUCT_IDS.starter, proration_behavior: 'next_period' });
    const { result, events } = await webhooksOf(() => polar.api.subscriptions.update(sub.id, { pending_update: null }));
    expect(subscriptionSchema.parse(result)).toMatchObject({ pending_update: null, product_id: SEED_PRODUCT_IDS.pro, modified_at: sub.modified_at });
    expect(typesOf(events)).toEqual(['subscription.updated']);
    expect((await strictGet(sub.id)).pendingUpdate).toBeNull();

    const again = await polar.api.subscriptions.update(sub.id, { pending_update: null }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(PolarClientError);
    expect((again as PolarClientError).statusCode).toBe(422);
    expect((again as PolarClientError).error).toEqual({
      error: 'PolarRequestValidationError',
      detail: [{ type: 'value_error', loc: ['body', 'pending_update'], msg: 'This subscription has no pending update to clear.', input: null }],
    });
  });

  it('keeps one pending update per subscription: scheduling again changes it, same id', async () => {
    const cheaper = monthlyProduct(randomUUID(), randomUUID(), 'Hobby', 'For the pricing test', 500);
    polar.standIn.addProduct(cheaper);
    const sub = await subscribed('reschedules', SEED_PRODUCT_IDS.pro);
    const first = subscriptionSchema.parse(await polar.api.subscriptions.update(sub.id, { product_id: SEED_PRODUCT_IDS.starter, proration_behavior: 'next_period' }));
    const second = subscriptionSchema.parse(await polar.api.subscriptions.update(sub.id, { product_id: cheaper.id, proration_behavior: 'next_period' }));
    expect(second.pending_update).toMatchObject({ id: first.pending_update?.id, product_id: cheaper.id, modified_at: expect.any(String) });
    polar.standIn.addProduct({ ...cheaper, is_archived: true });
  });
});

describe('immediate changes', () => {
  it('invoice: switches now, charges the prorated difference at once, and grants the new benefits', async () => {
    const sub = await subscribed('upgrades');
    const { result, events } = await webhooksOf(() => polar.sdk.subscriptions.update({ id: sub.id, subscriptionUpdate: { productId: SEED_PRODUCT_IDS.pro, prorationBehavior: 'invoice' } }));
    expect(result).toMatchObject({ productId: SEED_PRODUCT_IDS.pro, amount: 2900, pendingUpdate: null });
    expect(Date.parse(result.modifiedAt!.toISOString())).toBeGreaterThan(Date.parse(sub.modified_at ?? sub.created_at));
    expect(typesOf(events)).toEqual(['order.created', 'subscription.updated', 'benefit_grant.created', 'order.updated', 'order.paid']);
    expect(benefitGrantSchema.parse(events.find((e) => e.type === 'benefit_grant.created')!.data).benefit.metadata.key).toBe('pro');
    const paid = events.find((e) => e.type === 'order.paid')!.data as { billing_reason: string; total_amount: number; items: Array<{ amount: number; proration: boolean }> };
    expect(paid.billing_reason).toBe('subscription_update');
    // Almost a whole month left: credit ≈ −$9, debit ≈ $29.
    expect(paid.items.map((item) => item.proration)).toEqual([true, true]);
    expect(paid.items[0]!.amount).toBeLessThan(0);
    expect(paid.total_amount).toBe(paid.items[0]!.amount + paid.items[1]!.amount);
    expect(paid.total_amount).toBeGreaterThan(1990);
    expect(paid.total_amount).toBeLessThanOrEqual(2000);
  });

  it('invoice with a declined card: 402 PaymentFailed, and nothing changed or sent', async () => {
    const sub = await subscribed('declined-upgrade');
    polar.standIn.setPaymentFailing({ externalId: 'declined-upgrade' }, true);
    const { result, events } = await webhooksOf(() => polar.api.subscriptions.update(sub.id, { product_id: SEED_PRODUCT_IDS.pro, proration_behavior: 'invoice' }).catch((e: unknown) => e));
    expect(result).toBeInstanceOf(PolarClientError);
    expect((result as PolarClientError).statusCode).toBe(402);
    expect((result as PolarClientError).error).toEqual({ error: 'PaymentFailed', detail: 'Payment failed with reason: card_error.' });
    expect(events).toEqual([]);
    expect(await latest(sub.id)).toMatchObject({ product_id: SEED_PRODUCT_IDS.starter, modified_at: sub.modified_at });
  });

  it("prorate (the organization's default): switches now and leaves the difference for the next invoice", async () => {
    const sub = await subscribed('prorates');
    const { events } = await webhooksOf(() => polar.api.subscriptions.update(sub.id, { product_id: SEED_PRODUCT_IDS.pro }));
    expect(typesOf(events)).toEqual(['subscription.updated', 'benefit_grant.created']);
    expect((await latest(sub.id)).product_id).toBe(SEED_PRODUCT_IDS.pro);
    const { events: renewal } = await webhooksOf(() => polar.standIn.advanceClock(31 * DAY));
    const order = renewal.find((e) => e.type === 'order.paid' && JSON.stringify(e.data).includes(sub.id))!.data as { total_amount: number; items: Array<{ amount: number; proration: boolean }> };
    expect(order.items.map((item) => item.proration)).toEqual([false, true]);
    expect(order.items[0]!.amount).toBe(2900);
    expect(order.total_amount).toBeGreaterThan(2900 + 1990);
  });

  it('moves a schedule out of the way: an immediate change clears pending_update', async () => {
    const sub = await subscribed('scheduled-then-upgraded', SEED_PRODUCT_IDS.pro);
    await polar.api.subscriptions.update(sub.id, { product_id: SEED_PRODUCT_IDS.starter, proration_behavior: 'next_period' });
    const now = subscriptionSchema.parse(await polar.api.subscriptions.update(sub.id, { product_id: SEED_PRODUCT_IDS.starter, proration_behavior: 'invoice' }));
    expect(now).toMatchObject({ product_id: SEED_PRODUCT_IDS.starter, pending_update: null });
  });
});

describe("what Polar refuses, in Polar's words", () => {
  const update = (id: string, body: Record<string, unknown>) =>
    fetch(`${polar.standIn.url}/v1/subscriptions/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${'polar_oat_local_test_token'}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers 422 for a product that does not exist, is archived or is not recurring, and for reset', async () => {
    const sub = await subscribed('refused');
    const oneTime = { ...monthlyProduct(randomUUID(), randomUUID(), 'Lifetime', 'Once', 9900), is_recurring: false, recurring_interval: null, recurring_interval_count: null };
    const archived = { ...monthlyProduct(randomUUID(), randomUUID(), 'Legacy', 'Old', 1900), is_archived: true };
    polar.standIn.addProduct(oneTime);
    polar.standIn.addProduct(archived);
    for (const [productId, msg] of [
      [randomUUID(), 'Product does not exist.'],
      [archived.id, 'Product is archived.'],
      [oneTime.id, 'Product is not recurring.'],
    ] as const) {
      const answer = await update(sub.id, { product_id: productId, proration_behavior: 'invoice' });
      expect(answer.status).toBe(422);
      expect(await answer.json()).toEqual({ error: 'PolarRequestValidationError', detail: [{ type: 'value_error', loc: ['body', 'product_id'], msg, input: productId }] });
    }
    const reset = await update(sub.id, { product_id: SEED_PRODUCT_IDS.pro, proration_behavior: 'reset' });
    expect((await reset.json()).detail[0]).toMatchObject({ loc: ['body', 'proration_behavior'], msg: "The 'reset' proration behavior is not enabled for this organization." });
    // Through sdk 0.47: a 422 is its HTTPValidationError.
    await expect(polar.sdk.subscriptions.update({ id: sub.id, subscriptionUpdate: { productId: archived.id } })).rejects.toBeInstanceOf(HTTPValidationError);
    polar.standIn.addProduct({ ...oneTime, is_archived: true });
  });

  it('answers 403 AlreadyCanceledSubscription for a subscription set to cancel or ended; 422 for mixed variants; 404 for none', async () => {
    const sub = await subscribed('cancelled-first');
    const portal = (await polar.api.customerSessions.create({ external_customer_id: 'cancelled-first' })).customer_portal_url;
    await portalAction(portal, sub.id, 'cancel');
    const refused = await update(sub.id, { product_id: SEED_PRODUCT_IDS.pro });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'AlreadyCanceledSubscription', detail: 'This subscription is already canceled or will be at the end of the period.' });
    await expect(polar.sdk.subscriptions.update({ id: sub.id, subscriptionUpdate: { productId: SEED_PRODUCT_IDS.pro } })).rejects.toBeInstanceOf(AlreadyCanceledSubscription);
    await polar.api.subscriptions.revoke(sub.id);
    expect((await update(sub.id, { product_id: SEED_PRODUCT_IDS.pro, proration_behavior: 'next_period' })).status).toBe(403);

    expect((await update(sub.id, { product_id: SEED_PRODUCT_IDS.pro, cancel_at_period_end: false })).status).toBe(422);
    expect((await update(sub.id, { product_id: SEED_PRODUCT_IDS.pro, discount_id: null, surprise: 1 })).status).toBe(422);
    expect((await update(randomUUID(), { product_id: SEED_PRODUCT_IDS.pro })).status).toBe(404);
  });

  it('answers an empty update with the subscription, unchanged, and still sends subscription.updated', async () => {
    const sub = await subscribed('empty-update');
    const { result, events } = await webhooksOf(() => update(sub.id, {}));
    expect((result as Response).status).toBe(200);
    expect(typesOf(events)).toEqual(['subscription.updated']);
    expect(await latest(sub.id)).toMatchObject({ modified_at: sub.modified_at, product_id: SEED_PRODUCT_IDS.starter });
  });
});

describe('trials', () => {
  it('starts trialing with the benefits and a $0 order, then converts at trial end: cycled + updated, no active, a paid order', async () => {
    const trial = { ...monthlyProduct(randomUUID(), randomUUID(), 'Team', 'Two weeks free', 4900), trial_interval: 'day' as const, trial_interval_count: 14 };
    trial.benefits = polar.standIn.products().find((p) => p.id === SEED_PRODUCT_IDS.pro)!.benefits;
    polar.standIn.addProduct(trial);
    const { events: started } = await webhooksOf(() => subscribed('trials', trial.id));
    const sub = await latest((started.find((e) => e.type === 'subscription.created')!.data as { id: string }).id);
    expect(sub).toMatchObject({ status: 'trialing', trial_start: sub.current_period_start, trial_end: sub.current_period_end });
    expect(Date.parse(sub.trial_end!) - Date.parse(sub.trial_start!)).toBe(14 * DAY);
    expect(typesOf(started)).toContain('subscription.active');
    expect(started.find((e) => e.type === 'order.paid')!.data).toMatchObject({ total_amount: 0, billing_reason: 'subscription_create' });
    expect(started.filter((e) => e.type === 'benefit_grant.created')).toHaveLength(2);

    const { events: converted } = await webhooksOf(() => polar.standIn.advanceClock(15 * DAY));
    const mine = converted.filter((e) => JSON.stringify(e.data).includes(sub.id));
    expect(typesOf(mine)).toEqual(['subscription.cycled', 'subscription.updated', 'order.created', 'order.updated', 'order.paid', 'benefit_grant.cycled', 'benefit_grant.cycled']);
    expect(mine.find((e) => e.type === 'order.paid')!.data).toMatchObject({ total_amount: 4900, billing_reason: 'subscription_cycle' });
    const active = await latest(sub.id);
    expect(active).toMatchObject({ status: 'active', current_period_start: sub.trial_end, trial_end: sub.trial_end });
    // Re-anchored on the day the trial ended (cycle(): anchor_day = current_period_end.day).
    expect(active.current_period_end).toBe(addInterval(new Date(sub.trial_end!), 'month', 1).toISOString());
    const strict = await polar.sdk.checkouts.create({ products: [trial.id], externalCustomerId: 'trial-checkout', customerEmail: 'trial-checkout@billing-starter.dev' });
    expect(strict.activeTrialInterval).toBe('day');
    polar.standIn.addProduct({ ...trial, is_archived: true });
  });
});

describe('the benefit revocation grace period', () => {
  it('keeps a past-due subscription its benefits for the days set, and revokes them at the first retry after', async () => {
    polar.standIn.setOrganizationSettings({ benefit_revocation_grace_period: 7 });
    try {
      const sub = await subscribed('grace');
      polar.standIn.setPaymentFailing({ externalId: 'grace' }, true);
      const grantsOf = (events: Array<{ type: string; data: Record<string, unknown> }>) => events.filter((e) => e.type.startsWith('benefit_grant.') && JSON.stringify(e.data).includes(sub.id)).map((e) => e.type);
      const { events: failed } = await webhooksOf(() => polar.standIn.advanceClock(31 * DAY));
      expect(grantsOf(failed)).toEqual([]);
      expect((await latest(sub.id)).status).toBe('past_due');
      // The +2 day retry fails within the grace period: nothing revoked.
      expect(grantsOf((await webhooksOf(() => polar.standIn.advanceClock(2 * DAY))).events)).toEqual([]);
      // The +7 day retry is past it.
      expect(grantsOf((await webhooksOf(() => polar.standIn.advanceClock(5 * DAY))).events)).toEqual(['benefit_grant.revoked']);
      expect((await latest(sub.id)).status).toBe('past_due');
    } finally {
      polar.standIn.setOrganizationSettings({ benefit_revocation_grace_period: 0 });
    }
  });
});
