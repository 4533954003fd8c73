// A subscription's life on the Polar stand-in, driven by its hosted pages and its clock: cancel,
// resume and revoke in the portal; renewals at period end; a failed renewal, the retries, and
// either the recovery or the end — each with the webhooks Polar sends, in its order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../local/polar/index.ts';
import { payThroughHostedCheckout, portalAction } from '../fixtures/polar-hosted-pages.ts';
import { startTestPolar, verified, type TestPolar } from '../fixtures/polar-stand-in.ts';
import { benefitGrantSchema, customerStateSchema, subscriptionSchema, type PolarSubscription } from '@/lib/polar/objects';

const DAY = 24 * 60 * 60 * 1000;
let polar: TestPolar;

beforeAll(async () => {
  polar = await startTestPolar();
});
afterAll(() => polar?.close());

async function subscribed(externalId: string) {
  await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: externalId, email: `${externalId}@billing-starter.dev` });
  const [raw] = (await polar.api.subscriptions.list({ external_customer_id: externalId })).items;
  const portal = (await polar.api.customerSessions.create({ external_customer_id: externalId })).customer_portal_url;
  await polar.standIn.idle();
  return { subscription: subscriptionSchema.parse(raw), portal };
}

/** What happens (the webhooks, in order) while `act` runs. */
async function webhooksOf(act: () => Promise<unknown>) {
  await polar.standIn.idle();
  polar.receiver.clear();
  await act();
  await polar.standIn.idle();
  return polar.receiver.received.map((hook) => verified(hook, polar.secret));
}

const latest = async (id: string): Promise<PolarSubscription> => subscriptionSchema.parse(await polar.api.subscriptions.get(id));
const subscriptionEvents = (events: Array<{ type: string }>) => events.map((e) => e.type).filter((t) => t.startsWith('subscription.') || t.startsWith('order.'));

describe('portal actions', () => {
  it('cancel → updated, canceled; resume → updated, uncanceled; revoke → updated, canceled, revoked', async () => {
    const { subscription, portal } = await subscribed('portal-life');
    const steps = [
      { action: 'cancel', events: ['subscription.updated', 'subscription.canceled'], expected: { status: 'active', cancel_at_period_end: true } },
      { action: 'uncancel', events: ['subscription.updated', 'subscription.uncanceled'], expected: { status: 'active', cancel_at_period_end: false, canceled_at: null } },
      { action: 'revoke', events: ['subscription.updated', 'subscription.canceled', 'subscription.revoked'], expected: { status: 'canceled' } },
    ] as const;
    let modified = subscription.modified_at ?? subscription.created_at;
    for (const step of steps) {
      const events = await webhooksOf(() => portalAction(portal, subscription.id, step.action));
      expect(subscriptionEvents(events)).toEqual(step.events);
      const now = await latest(subscription.id);
      expect(now).toMatchObject(step.expected);
      expect(Date.parse(now.modified_at!)).toBeGreaterThan(Date.parse(modified));
      modified = now.modified_at!;
      // Every subscription event of a change carries the same new state.
      for (const event of events.filter((e) => e.type.startsWith('subscription.'))) expect(event.data).toMatchObject(step.expected);
    }
  });
});

describe('the clock', () => {
  it('renews at period end: cycled, updated, then a paid order; the period moves by one month', async () => {
    const { subscription } = await subscribed('renews');
    const events = await webhooksOf(() => polar.standIn.advanceClock(31 * DAY));
    const mine = events.filter((e) => JSON.stringify(e.data).includes(subscription.id));
    expect(subscriptionEvents(mine)).toEqual(['subscription.cycled', 'subscription.updated', 'order.created', 'order.updated', 'order.paid']);
    expect(mine.find((e) => e.type === 'order.paid')?.data).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', subscription_id: subscription.id });
    const renewed = await latest(subscription.id);
    expect(renewed.current_period_start).toBe(subscription.current_period_end);
    expect(new Date(renewed.current_period_end!).getUTCDate()).toBe(new Date(subscription.current_period_end!).getUTCDate());
    expect(renewed.status).toBe('active');
  });

  it('ends a subscription cancelled at period end when the period ends: updated, canceled, revoked', async () => {
    const { subscription, portal } = await subscribed('ends');
    await portalAction(portal, subscription.id, 'cancel');
    const events = await webhooksOf(() => polar.standIn.advanceClock(31 * DAY));
    const mine = events.filter((e) => JSON.stringify(e.data).includes(subscription.id));
    expect(subscriptionEvents(mine)).toEqual(['subscription.updated', 'subscription.canceled', 'subscription.revoked']);
    expect(await latest(subscription.id)).toMatchObject({ status: 'canceled', ended_at: expect.any(String) });
  });

  it('makes a failed renewal past_due, retries it at +2/+7/+14/+21 days, then ends it as canceled', async () => {
    const { subscription } = await subscribed('declined');
    polar.standIn.setPaymentFailing({ externalId: 'declined' }, true);
    const failed = await webhooksOf(() => polar.standIn.advanceClock(31 * DAY));
    const mine = failed.filter((e) => JSON.stringify(e.data).includes(subscription.id));
    expect(subscriptionEvents(mine)).toEqual(['subscription.cycled', 'subscription.updated', 'order.created', 'subscription.updated', 'subscription.past_due']);
    const pastDue = await latest(subscription.id);
    expect(pastDue).toMatchObject({ status: 'past_due', past_due_at: expect.any(String) });

    // Retries that fail send nothing; the last one ends the subscription.
    for (const days of [2, 5, 7]) expect(subscriptionEvents(await webhooksOf(() => polar.standIn.advanceClock(days * DAY)))).toEqual([]);
    expect((await latest(subscription.id)).status).toBe('past_due');
    const ended = await webhooksOf(() => polar.standIn.advanceClock(7 * DAY));
    expect(subscriptionEvents(ended.filter((e) => JSON.stringify(e.data).includes(subscription.id)))).toEqual([
      'subscription.updated',
      'subscription.canceled',
      'subscription.revoked',
      'order.updated',
    ]);
    expect(await latest(subscription.id)).toMatchObject({ status: 'canceled' });
  });

  it('recovers a past_due subscription when the customer replaces the card in the portal', async () => {
    const { subscription, portal } = await subscribed('recovers');
    polar.standIn.setPaymentFailing({ externalId: 'recovers' }, true);
    await polar.standIn.advanceClock(31 * DAY);
    expect((await latest(subscription.id)).status).toBe('past_due');
    const fresh = (await polar.api.customerSessions.create({ external_customer_id: 'recovers' })).customer_portal_url;
    expect(fresh).not.toBe(portal);
    const events = await webhooksOf(() => fetch(`${fresh}/payment-method`, { method: 'POST', redirect: 'manual' }));
    expect(subscriptionEvents(events)).toEqual(['subscription.updated', 'subscription.active', 'order.updated', 'order.paid']);
    expect(await latest(subscription.id)).toMatchObject({ status: 'active', past_due_at: null });
  });
});

describe('benefits', () => {
  const grantsOf = (events: Array<{ type: string; data: Record<string, unknown> }>) =>
    events.filter((e) => e.type.startsWith('benefit_grant.')).map((e) => ({ type: e.type, grant: benefitGrantSchema.parse(e.data) }));

  it("grant the product's benefits while the subscription lasts, and the customer state says so", async () => {
    await polar.standIn.idle();
    polar.receiver.clear();
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'benefits', email: 'benefits@billing-starter.dev' });
    await polar.standIn.idle();
    const granted = grantsOf(polar.receiver.received.map((hook) => verified(hook, polar.secret)));
    expect(granted.map((g) => [g.type, g.grant.benefit.metadata.key])).toEqual([['benefit_grant.created', 'core'], ['benefit_grant.created', 'pro']]);
    expect(granted.every((g) => g.grant.granted_at && !g.grant.revoked_at && g.grant.customer.external_id === 'benefits')).toBe(true);

    // The state endpoints, through both clients and the app's schema.
    const state = customerStateSchema.parse(await polar.api.customers.getStateExternal('benefits'));
    expect(state.granted_benefits.map((b) => b.benefit_metadata.key).sort()).toEqual(['core', 'pro']);
    expect(state.active_subscriptions).toHaveLength(1);
    const old = await polar.sdk.customers.getStateExternal({ externalId: 'benefits' });
    expect(old.grantedBenefits).toHaveLength(2);
    const last = polar.receiver.received.map((hook) => verified(hook, polar.secret)).findLast((e) => e.type === 'customer.state_changed');
    expect(customerStateSchema.parse(last!.data).granted_benefits).toHaveLength(2);

    // Revoked with the subscription; the same grants come back, same ids, when it is active again.
    const [sub] = (await polar.api.subscriptions.list({ external_customer_id: 'benefits' })).items;
    const revoked = grantsOf(await webhooksOf(() => polar.api.subscriptions.revoke(sub!.id)));
    expect(revoked.map((g) => g.type)).toEqual(['benefit_grant.revoked', 'benefit_grant.revoked']);
    expect(customerStateSchema.parse(await polar.api.customers.getStateExternal('benefits')).granted_benefits).toEqual([]);
    const list = await polar.api.benefitGrants.list({ external_customer_id: 'benefits' });
    expect(list.items.map((g) => g.is_granted)).toEqual([false, false]);
  });

  it('are cycled on a paid renewal, revoked at past due, and granted again (same grant) on recovery', async () => {
    const { subscription } = await subscribed('benefit-cycle');
    const mine = (events: Array<{ type: string; data: Record<string, unknown> }>) => grantsOf(events).filter((g) => g.grant.subscription_id === subscription.id);
    const renewed = mine(await webhooksOf(() => polar.standIn.advanceClock(31 * DAY)));
    expect(renewed.map((g) => g.type)).toEqual(['benefit_grant.cycled']);
    polar.standIn.setPaymentFailing({ externalId: 'benefit-cycle' }, true);
    const failed = mine(await webhooksOf(() => polar.standIn.advanceClock(31 * DAY)));
    expect(failed.map((g) => g.type)).toEqual(['benefit_grant.revoked']);
    const portal = (await polar.api.customerSessions.create({ external_customer_id: 'benefit-cycle' })).customer_portal_url;
    const back = mine(await webhooksOf(() => fetch(`${portal}/payment-method`, { method: 'POST', redirect: 'manual' })));
    expect(back.map((g) => g.type)).toEqual(['benefit_grant.created']);
    expect(back[0]!.grant.id).toBe(renewed[0]!.grant.id);
  });
});
