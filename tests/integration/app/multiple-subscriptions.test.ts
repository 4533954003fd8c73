// Two checkouts opened before either is paid: whatever Polar's organization setting, no paid
// subscription is left that the app does not see, and ending one of two keeps the access the
// other pays for. And a live subscriber is sent to the portal, not to a second checkout.
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { entitlementsOf, eventually, polarFor, signUpUser, sqlFor, type TestUser } from '../../fixtures/app-users.ts';
import { payCheckoutPage } from '../../fixtures/polar-hosted-pages.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
afterEach(() => control.setPolarSettings({ allow_multiple_subscriptions: false }));
afterAll(() => sql.end());

async function openCheckout(user: TestUser, product: string) {
  const response = await fetch(`${stack.appUrl}/api/checkout?products=${product}`, { headers: { cookie: user.cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { url: string }).url;
}

const subscriptionsOf = async (userId: string) => sql`select subscription_id, status, product_id from public.subscriptions where user_id = ${userId} order by created_at`;
const liveAtPolar = async (user: TestUser) => (await polarFor(stack).subscriptions.list({ externalCustomerId: user.id, active: true })).result.items;

describe('two checkouts opened before either is paid', () => {
  it('with multiple subscriptions allowed: both paid, both tracked; ending one keeps the other and its access', async () => {
    await control.setPolarSettings({ allow_multiple_subscriptions: true });
    const user = await signUpUser(stack, 'double');
    const [starter, pro] = [await openCheckout(user, SEED_PRODUCT_IDS.starter), await openCheckout(user, SEED_PRODUCT_IDS.pro)];
    expect((await payCheckoutPage(starter, user.email, SEED_PRODUCT_IDS.starter)).pay.status).toBe(303);
    expect((await payCheckoutPage(pro, user.email, SEED_PRODUCT_IDS.pro)).pay.status).toBe(303);
    expect(await liveAtPolar(user)).toHaveLength(2);

    const both = await eventually(async () => {
      const rows = await subscriptionsOf(user.id);
      return rows.length === 2 && rows.every((r) => r.status === 'active') && rows;
    });
    await eventually(async () => (await entitlementsOf(stack, user)).includes('pro'));
    const current = (await sql<{ polar_subscription_id: string }[]>`select polar_subscription_id from public.user_subscriptions where user_id = ${user.id}`)[0]!.polar_subscription_id;
    expect(both.map((r) => r.subscription_id)).toContain(current);

    // Revoke the Pro one in the portal's place: Starter is still paid for, so still live.
    const proSubscription = both.find((r) => r.product_id === SEED_PRODUCT_IDS.pro)!.subscription_id;
    await polarFor(stack).subscriptions.revoke({ id: proSubscription });
    await eventually(async () => (await entitlementsOf(stack, user)).join() === 'core');
    const [summary] = await sql`select status, product_id from public.user_subscriptions where user_id = ${user.id}`;
    expect(summary).toEqual({ status: 'active', product_id: SEED_PRODUCT_IDS.starter });
  });

  it("with Polar's default (one subscription per buyer): the second payment is refused, one is tracked", async () => {
    const user = await signUpUser(stack, 'single');
    const [first, second] = [await openCheckout(user, SEED_PRODUCT_IDS.starter), await openCheckout(user, SEED_PRODUCT_IDS.pro)];
    expect((await payCheckoutPage(first, user.email, SEED_PRODUCT_IDS.starter)).pay.status).toBe(303);
    expect((await payCheckoutPage(second, user.email, SEED_PRODUCT_IDS.pro)).pay.status).toBe(403);
    expect(await liveAtPolar(user)).toHaveLength(1);
    await eventually(async () => (await subscriptionsOf(user.id)).length === 1);
  });
});

describe('the checkout guard', () => {
  it("sends a subscriber whose webhooks have not arrived to the portal, asking Polar", async () => {
    const user = await signUpUser(stack, 'guarded');
    await control.setWebhookUrl('http://127.0.0.1:9/unreachable');
    try {
      await payCheckoutPage(await openCheckout(user, SEED_PRODUCT_IDS.starter), user.email, SEED_PRODUCT_IDS.starter);
      expect(await subscriptionsOf(user.id)).toHaveLength(0);
      const again = await fetch(`${stack.appUrl}/api/checkout?products=${SEED_PRODUCT_IDS.pro}`, { headers: { cookie: user.cookie } });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { url: string }).url).toMatch(new RegExp(`^${stack.polarUrl}/portal/`));
    } finally {
      await control.setWebhookUrl(stack.webhookUrl);
    }
  });
});
