// Checkouts on the Polar stand-in as Polar's server handles them: how a checkout links to the
// subscription it creates, which customer pays, what emails it refuses, one live subscription
// per buyer, and the webhooks of a payment in Polar's order.
import { HTTPValidationError } from '@polar-sh/sdk/models/errors/httpvalidationerror.js';
import { PolarClientError } from 'polar-sdk-v1';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../local/polar/index.ts';
import { payCheckoutPage, payThroughHostedCheckout } from '../fixtures/polar-hosted-pages.ts';
import { startTestPolar, typesOf, verified, type TestPolar } from '../fixtures/polar-stand-in.ts';
import { checkoutSchema, subscriptionSchema } from '@/lib/polar/objects';

let polar: TestPolar;

beforeAll(async () => {
  polar = await startTestPolar();
});
afterAll(() => polar?.close());
beforeEach(() => polar.standIn.setOrganizationSettings({ allow_multiple_subscriptions: false }));

const open = (externalId: string, email?: string) =>
  polar.sdk.checkouts.create({ products: [SEED_PRODUCT_IDS.starter], externalCustomerId: externalId, ...(email ? { customerEmail: email } : {}), metadata: { supabase_user_id: externalId } });

async function subscriptionsOf(externalId: string) {
  return (await polar.api.subscriptions.list({ external_customer_id: externalId })).items.map((s) => subscriptionSchema.parse(s));
}

describe('checkout → subscription', () => {
  it('links a new subscription from its side (checkout_id); the checkout keeps subscription_id null', async () => {
    const { checkout, pay } = await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'link-1', email: 'link-1@billing-starter.dev' });
    expect(pay.status).toBe(303);
    const after = checkoutSchema.parse(await polar.api.checkouts.get(checkout.id));
    expect(after).toMatchObject({ status: 'succeeded', subscription_id: null });
    expect(after.customer_id).toEqual(expect.any(String));
    const [subscription] = await subscriptionsOf('link-1');
    expect(subscription).toMatchObject({ checkout_id: checkout.id, customer_id: after.customer_id, product_id: SEED_PRODUCT_IDS.pro, status: 'active' });
  });

  it('sends the payment\'s webhooks in Polar\'s order, each verifiable and readable by the app', async () => {
    await polar.standIn.idle();
    polar.receiver.clear();
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'order-1', email: 'order-1@billing-starter.dev' });
    await polar.standIn.idle();
    const hooks = polar.receiver.received.filter((h) => !h.body.includes('"checkout.created"'));
    expect(typesOf(hooks)).toEqual([
      'checkout.updated',
      'customer.created',
      'customer.state_changed',
      'subscription.created',
      'subscription.active',
      'subscription.updated',
      'order.created',
      'order.updated',
      'order.paid',
      'checkout.updated',
      // Polar grants in background jobs after the payment: Starter's one benefit, then the state.
      'benefit_grant.created',
      'customer.state_changed',
    ]);
    const events = hooks.map((hook) => verified(hook, polar.secret));
    for (const event of events.filter((e) => e.type.startsWith('subscription.'))) expect(subscriptionSchema.safeParse(event.data).success).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});

describe('which customer pays', () => {
  it('reuses a customer with the same email, case-insensitively, and leaves its external id as it was', async () => {
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'first-account', email: 'Shared@billing-starter.dev' });
    const [first] = await subscriptionsOf('first-account');
    await polar.api.subscriptions.revoke(first!.id);

    // The same person signs up again (a new app user) and pays with the same address.
    const checkout = await open('second-account', 'shared@BILLING-STARTER.dev');
    await payCheckoutPage(checkout.url, 'shared@BILLING-STARTER.dev', SEED_PRODUCT_IDS.starter);
    const paid = checkoutSchema.parse(await polar.api.checkouts.get(checkout.id));
    expect(paid.customer_id).toBe(first!.customer_id);
    expect(paid.external_customer_id).toBe('second-account');
    const customer = await polar.api.customers.get(first!.customer_id);
    expect(customer.external_id).toBe('first-account');
    const subs = (await polar.api.subscriptions.list({ customer_id: first!.customer_id })).items.map((s) => subscriptionSchema.parse(s));
    const second = subs.find((s) => s.checkout_id === checkout.id)!;
    // Only the checkout metadata names the user who paid.
    expect(second.customer.external_id).toBe('first-account');
    expect(second.metadata).toEqual({ supabase_user_id: 'second-account' });
  });

  it('refuses an external id that belongs to a customer with another email', async () => {
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'owner', email: 'owner@billing-starter.dev' });
    const [sub] = await subscriptionsOf('owner');
    await polar.api.subscriptions.revoke(sub!.id);
    // Created before the external id existed, so the checkout is not linked to that customer.
    const checkout = await polar.sdk.checkouts.create({ products: [SEED_PRODUCT_IDS.starter], externalCustomerId: 'late-owner' });
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'late-owner', email: 'late-owner@billing-starter.dev' });
    const [late] = await subscriptionsOf('late-owner');
    await polar.api.subscriptions.revoke(late!.id);
    const { pay } = await payCheckoutPage(checkout.url, 'someone-else@billing-starter.dev', SEED_PRODUCT_IDS.starter);
    expect(pay.status).toBe(422);
  });
});

describe('customer_email', () => {
  it.each([
    ['user@example.com', 'does not accept email'],
    ['user@mail.example.org', 'does not exist'],
    ['user@localhost.test', 'special-use or reserved name'],
    ['user@nodot', 'It should have a period'],
  ])('refuses %s at creation with Polar\'s 422', async (email, reason) => {
    const error = await polar.sdk.checkouts.create({ products: [SEED_PRODUCT_IDS.starter], customerEmail: email }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPValidationError);
    const v1 = await polar.api.checkouts.create({ products: [SEED_PRODUCT_IDS.starter], customer_email: email }).catch((e: unknown) => e);
    expect(v1).toBeInstanceOf(PolarClientError);
    const issue = ((v1 as PolarClientError<{ detail: Array<{ loc: unknown[]; msg: string }> }>).error.detail)[0]!;
    expect(issue.loc).toContain('customer_email');
    expect(issue.msg).toContain(reason);
  });

  it('refuses the same addresses typed on the hosted page', async () => {
    const checkout = await open('typed-email');
    const { pay } = await payCheckoutPage(checkout.url, 'typed@example.net', SEED_PRODUCT_IDS.starter);
    expect(pay.status).toBe(422);
    expect((await polar.api.checkouts.get(checkout.id)).status).toBe('open');
  });
});

describe('allow_multiple_subscriptions', () => {
  it('is off by default: a second paid checkout for a live subscriber is refused 403 at payment, not at creation', async () => {
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'once', email: 'once@billing-starter.dev' });
    const second = await open('once');
    expect(second.status).toBe('open');
    const { pay, page } = await payCheckoutPage(second.url, 'once@billing-starter.dev', SEED_PRODUCT_IDS.starter);
    expect(page.status).toBe(200);
    expect(pay.status).toBe(403);
    expect(await subscriptionsOf('once')).toHaveLength(1);
  });

  it('on, lets the same buyer hold two live subscriptions', async () => {
    polar.standIn.setOrganizationSettings({ allow_multiple_subscriptions: true });
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'twice', email: 'twice@billing-starter.dev' });
    await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'twice', email: 'twice@billing-starter.dev' });
    expect((await subscriptionsOf('twice')).map((s) => s.status)).toEqual(['active', 'active']);
  });
});
