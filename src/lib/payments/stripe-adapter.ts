import 'server-only';
import Stripe from 'stripe';
import { USER_ID_METADATA_KEY } from '@/lib/polar/app-user';
import { stripeClient } from '@/lib/stripe/client';
import { listStripePlans } from '@/lib/stripe/plans';
import { stateOfAnswer } from '@/lib/stripe/read-subscription';
import { ChangeRefusedError, ProviderError, type CheckoutRequest, type PaymentAdapter, type SubscriptionState } from './types';

const LIVE_STATUSES = new Set(['trialing', 'active', 'past_due']);
/** Ended for good; any other status (unpaid, paused, incomplete) can still bill. */
const ENDED_STATUSES = new Set(['canceled', 'incomplete_expired']);

function failure(error: unknown, what: string): ProviderError {
  if (error instanceof Stripe.errors.StripeError) {
    return new ProviderError(`Stripe refused ${what}: ${error.statusCode ?? 'no status'} ${error.code ?? error.type} ${error.message} (request ${error.requestId ?? 'unknown'})`, { cause: error });
  }
  return new ProviderError(`Stripe could not be reached for ${what}`, { cause: error });
}

/** The customers the app created for this user (found by email, told apart by their metadata). */
async function customersOf(user: CheckoutRequest['user']): Promise<Stripe.Customer[]> {
  if (!user.email) return [];
  const found = await stripeClient().customers.list({ email: user.email, limit: 100 });
  return found.data.filter((customer) => customer.metadata[USER_ID_METADATA_KEY] === user.id);
}

/** The user's own Stripe customer, created once (the idempotency key makes a retry or a race one customer). */
async function customerFor(user: CheckoutRequest['user']): Promise<string> {
  const [existing] = await customersOf(user);
  if (existing) return existing.id;
  const created = await stripeClient().customers.create(
    { ...(user.email ? { email: user.email } : {}), metadata: { [USER_ID_METADATA_KEY]: user.id } },
    { idempotencyKey: `app-customer-${user.id}-${user.email ?? ''}`.slice(0, 255) },
  );
  return created.id;
}

/** The subscriptions of the user's own customers that have not ended for good. */
async function openSubscriptionsOf(user: CheckoutRequest['user']): Promise<Stripe.Subscription[]> {
  const open: Stripe.Subscription[] = [];
  for (const customer of await customersOf(user)) {
    const subs = await stripeClient().subscriptions.list({ customer: customer.id, status: 'all', limit: 100 });
    open.push(...subs.data.filter((sub) => !ENDED_STATUSES.has(sub.status)));
  }
  return open;
}

async function setCancelAtPeriodEnd(subscriptionId: string, cancel: boolean): Promise<SubscriptionState> {
  try {
    return stateOfAnswer(await stripeClient().subscriptions.update(subscriptionId, { cancel_at_period_end: cancel }));
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      if (error.statusCode === 404) throw new ChangeRefusedError('not-found', `Stripe has no subscription ${subscriptionId}`, { cause: error });
      // "A canceled subscription can only update its cancellation_details and metadata."
      throw new ChangeRefusedError('not-changeable', `Stripe refused cancel_at_period_end=${cancel} on ${subscriptionId}: ${error.message}`, { cause: error });
    }
    throw failure(error, 'updating a subscription (POST /v1/subscriptions/{id})');
  }
}

/**
 * Stripe: Checkout Sessions in subscription mode for the user's own Stripe customer (metadata:
 * the app user, set here, never from the browser), the Billing Portal for managing, and the
 * Subscriptions API for cancelling and resuming. Plan switches happen in the portal.
 */
export const stripeAdapter: PaymentAdapter = {
  provider: 'stripe',
  displayName: 'Stripe',
  checkoutProductLimit: 1,

  listPlans: () => listStripePlans().catch((error: unknown) => {
    throw failure(error, 'listing prices (GET /v1/prices)');
  }),

  async createPortal(customerId, returnUrl) {
    try {
      const session = await stripeClient().billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
      return { url: session.url };
    } catch (error) {
      throw failure(error, 'creating a portal session (POST /v1/billing_portal/sessions)');
    }
  },

  async createCheckout({ productIds, user, successUrl }) {
    try {
      const plans = await listStripePlans();
      const plan = plans.find((p) => p.id === productIds[0]);
      if (!plan || productIds.length !== 1) throw new ProviderError(`Stripe sells one plan per checkout; asked for ${productIds.join(', ')}`);
      const metadata = { [USER_ID_METADATA_KEY]: user.id };
      const session = await stripeClient().checkout.sessions.create({
        mode: 'subscription',
        customer: await customerFor(user),
        line_items: [{ price: plan.priceId, quantity: 1 }],
        client_reference_id: user.id,
        metadata,
        subscription_data: { metadata },
        // Stripe's placeholder for the session id is {CHECKOUT_SESSION_ID}.
        success_url: successUrl.replaceAll('{CHECKOUT_ID}', '{CHECKOUT_SESSION_ID}'),
        cancel_url: new URL('/', successUrl).href,
      });
      if (!session.url) throw new ProviderError(`Stripe's new checkout session ${session.id} has no url`);
      return { url: session.url, id: session.id };
    } catch (error) {
      throw error instanceof ProviderError ? error : failure(error, 'creating a checkout session (POST /v1/checkout/sessions)');
    }
  },

  async liveCustomerOf(user) {
    try {
      const live = (await openSubscriptionsOf(user)).find((sub) => LIVE_STATUSES.has(sub.status));
      return live ? (typeof live.customer === 'string' ? live.customer : live.customer.id) : null;
    } catch (error) {
      throw failure(error, "listing the user's subscriptions (GET /v1/subscriptions)");
    }
  },

  async endSubscriptionsOf(user, knownIds) {
    let found: string[];
    try {
      found = (await openSubscriptionsOf(user)).map((sub) => sub.id);
    } catch (error) {
      throw failure(error, "listing the user's subscriptions (GET /v1/subscriptions)");
    }
    let ended = 0;
    for (const id of new Set([...found, ...knownIds])) {
      try {
        await stripeClient().subscriptions.cancel(id);
        ended += 1;
      } catch (error) {
        // Already canceled, or no such subscription: nothing left to bill.
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) continue;
        throw failure(error, 'canceling a subscription (DELETE /v1/subscriptions/{id})');
      }
    }
    return ended;
  },

  cancelAtPeriodEnd: (subscriptionId) => setCancelAtPeriodEnd(subscriptionId, true),
  resume: (subscriptionId) => setCancelAtPeriodEnd(subscriptionId, false),
};
