import 'server-only';
import { cancelSubscription, createCheckout, getCustomer, updateSubscription } from '@lemonsqueezy/lemonsqueezy.js';
import { z } from 'zod';
import { dataOf, lemonSqueezy, LemonSqueezyRefusal } from '@/lib/lemonsqueezy/client';
import { listLemonSqueezyPlans } from '@/lib/lemonsqueezy/plans';
import { stateOfDocument } from '@/lib/lemonsqueezy/read-subscription';
import { USER_ID_METADATA_KEY } from '@/lib/polar/app-user';
import { ChangeRefusedError, ProviderError, type PaymentAdapter, type SubscriptionState } from './types';

const customerDocument = z.object({ data: z.object({ attributes: z.object({ urls: z.object({ customer_portal: z.string().url().nullable() }) }) }) });
const checkoutDocument = z.object({ data: z.object({ id: z.string(), attributes: z.object({ url: z.string().url() }) }) });

async function setCancelled(subscriptionId: string, cancelled: boolean): Promise<SubscriptionState> {
  lemonSqueezy();
  const what = `updating subscription ${subscriptionId} (PATCH /v1/subscriptions/{id})`;
  try {
    return stateOfDocument(dataOf(await updateSubscription(subscriptionId, { cancelled }), what), `subscription ${subscriptionId}`);
  } catch (error) {
    if (error instanceof LemonSqueezyRefusal && error.statusCode === 404) throw new ChangeRefusedError('not-found', `Lemon Squeezy has no subscription ${subscriptionId}`, { cause: error });
    // An expired subscription cannot be cancelled or resumed any more.
    if (error instanceof LemonSqueezyRefusal && error.statusCode === 422) throw new ChangeRefusedError('not-changeable', `Lemon Squeezy refused cancelled=${cancelled} on ${subscriptionId}`, { cause: error });
    throw error;
  }
}

/**
 * Lemon Squeezy: checkouts for one variant with the app user in `checkout_data.custom` (set
 * here, never from the browser), the customer's signed portal link (valid 24 hours) for
 * managing, cancel/resume through the Subscriptions API. Plan switches happen in its portal.
 */
export const lemonSqueezyAdapter: PaymentAdapter = {
  provider: 'lemonsqueezy',
  displayName: 'Lemon Squeezy',
  checkoutProductLimit: 1,
  listPlans: listLemonSqueezyPlans,

  async createPortal(customerId) {
    lemonSqueezy();
    const customer = customerDocument.safeParse(dataOf(await getCustomer(customerId), `reading customer ${customerId} (GET /v1/customers/{id})`));
    if (!customer.success) throw new ProviderError(`Lemon Squeezy's customer ${customerId} is unreadable`);
    // "null if the customer has not bought a subscription": nothing to manage there.
    const url = customer.data.data.attributes.urls.customer_portal;
    if (!url) throw new ProviderError(`Lemon Squeezy's customer ${customerId} has no portal link`);
    return { url };
  },

  async createCheckout({ productIds, user, successUrl }) {
    const { storeId } = lemonSqueezy();
    const plan = (await listLemonSqueezyPlans()).find((p) => p.id === productIds[0]);
    if (!plan || productIds.length !== 1) throw new ProviderError(`Lemon Squeezy sells one plan per checkout; asked for ${productIds.join(', ')}`);
    const answer = await createCheckout(storeId, plan.variantId, {
      checkoutData: { ...(user.email ? { email: user.email } : {}), custom: { [USER_ID_METADATA_KEY]: user.id } },
      // Lemon Squeezy has no checkout-id placeholder: the dashboard only learns it came back from a checkout.
      productOptions: { redirectUrl: successUrl.replaceAll('{CHECKOUT_ID}', 'lemonsqueezy') },
    });
    const checkout = checkoutDocument.safeParse(dataOf(answer, 'creating a checkout (POST /v1/checkouts)'));
    if (!checkout.success) throw new ProviderError("Lemon Squeezy's new checkout is unreadable");
    return { url: checkout.data.data.attributes.url, id: checkout.data.data.id };
  },

  // Lemon Squeezy's customers carry nothing of the app's: only an email, which is no proof of
  // who a signed-in user is (another person's address can be signed up with while confirmations
  // are off). So only what the webhooks linked to the user counts: a live subscription the
  // webhooks have not brought yet is not found here.
  async liveCustomerOf() {
    return null;
  },

  async endSubscriptionsOf(_user, knownIds) {
    lemonSqueezy();
    let ended = 0;
    for (const id of new Set(knownIds)) {
      // Lemon Squeezy's cancel stops the billing; access would last until ends_at, but the account is gone.
      const answer = await cancelSubscription(id);
      if (answer.statusCode === 404) continue;
      dataOf(answer, `cancelling subscription ${id} (DELETE /v1/subscriptions/{id})`);
      ended += 1;
    }
    return ended;
  },

  cancelAtPeriodEnd: (subscriptionId) => setCancelled(subscriptionId, true),
  resume: (subscriptionId) => setCancelled(subscriptionId, false),
};
