import 'server-only';
import { CustomerPortal } from '@polar-sh/nextjs';
import { PolarClientError } from 'polar-sdk-v1';
import { NextRequest } from 'next/server';
import { withPolarAnswers } from '@/lib/polar/answer-log';
import { USER_ID_METADATA_KEY } from '@/lib/polar/app-user';
import { polarClient } from '@/lib/polar/client';
import { POLAR_TIMEOUT_MS, polarKeys } from '@/lib/polar/config';
import { polarAnswerFailure, polarFailure } from '@/lib/polar/failure';
import { checkoutSchema, parseProblem } from '@/lib/polar/objects';
import { listPlans } from '@/lib/polar/plans';
import { withTimeout } from '@/lib/polar/timeout';
import { polarSubscriptionChanges } from './polar-subscription-changes';
import { ProviderError, type CheckoutRequest, type PaymentAdapter } from './types';

const PORTAL_CALL = { what: 'creating a customer portal session (POST /v1/customer-sessions/)', scope: 'customer_sessions:write' };
const CHECKOUT_CALL = { what: 'creating a checkout (POST /v1/checkouts/)', scope: 'checkouts:write' };
const LIVE_CALL = { what: "listing the user's live subscriptions (GET /v1/subscriptions/)", scope: 'subscriptions:read' };
const REVOKE_CALL = { what: 'revoking a subscription (DELETE /v1/subscriptions/{id})', scope: 'subscriptions:write' };
const LIVE_STATUSES = ['trialing', 'active', 'past_due'] as const;

async function liveSubscriptionsOf(userId: string): Promise<Array<{ id?: unknown; customer_id?: unknown }>> {
  try {
    return (await polarClient().subscriptions.list({ external_customer_id: userId, status: [...LIVE_STATUSES], limit: 100 })).items as never;
  } catch (error) {
    throw polarFailure(error, LIVE_CALL);
  }
}

// The customer id travels to getCustomerId on the request we build, so one handler (and its sdk
// client) serves every customer; it is built per return URL, which CustomerPortal fixes.
const CUSTOMER_HEADER = 'x-polar-customer-id';
const MAX_PORTAL_HANDLERS = 50;
const portalHandlers = new Map<string, ReturnType<typeof CustomerPortal>>();

function portalHandler(returnUrl: string): ReturnType<typeof CustomerPortal> {
  let handler = portalHandlers.get(returnUrl);
  if (!handler) {
    // Return URLs are on our own origin, but a client may vary them: keep the cache bounded.
    if (portalHandlers.size >= MAX_PORTAL_HANDLERS) portalHandlers.delete(portalHandlers.keys().next().value!);
    handler = CustomerPortal({ ...polarKeys(), returnUrl, getCustomerId: async (req) => req.headers.get(CUSTOMER_HEADER) ?? '' });
    portalHandlers.set(returnUrl, handler);
  }
  return handler;
}

/** Polar refused the checkout's prefilled email (its deliverability check, e.g. example.com). */
function refusedEmail(error: unknown): boolean {
  if (!(error instanceof PolarClientError) || error.statusCode !== 422) return false;
  const detail = (error.error as { detail?: unknown } | null)?.detail;
  return Array.isArray(detail) && detail.some((issue: { loc?: unknown }) => Array.isArray(issue.loc) && issue.loc.includes('customer_email'));
}

async function createCheckout({ productIds, user, successUrl }: CheckoutRequest): Promise<{ url: string; id: string }> {
  const body = {
    products: productIds,
    external_customer_id: user.id,
    metadata: { [USER_ID_METADATA_KEY]: user.id },
    success_url: successUrl,
  };
  let created: unknown;
  try {
    created = await polarClient().checkouts.create(user.email ? { ...body, customer_email: user.email } : body);
  } catch (error) {
    if (!refusedEmail(error)) throw polarFailure(error, CHECKOUT_CALL);
    // The prefill is a convenience: without it, the buyer types an address Polar accepts.
    created = await polarClient().checkouts.create(body).catch((retry: unknown) => {
      throw polarFailure(retry, CHECKOUT_CALL);
    });
  }
  const checkout = checkoutSchema.safeParse(created);
  if (!checkout.success) throw new ProviderError(`Polar's new checkout is unreadable: ${parseProblem(checkout.error)}`);
  return { url: checkout.data.url, id: checkout.data.id };
}

/**
 * Polar: the customer portal through its official Next.js helper (CustomerPortal), checkouts
 * and subscription changes through the app's own client so that Polar's answer (a refused
 * email, a declined card, a rate limit) can be acted on. Identity always comes from the
 * server-side user, never from the browser.
 */
export const polarAdapter: PaymentAdapter = {
  provider: 'polar',
  displayName: 'Polar',
  checkoutProductLimit: 5,
  listPlans,

  async createPortal(customerId, returnUrl) {
    const request = new NextRequest(returnUrl, { headers: { [CUSTOMER_HEADER]: customerId } });
    const { result: response, answers } = await withPolarAnswers(() => withTimeout(portalHandler(returnUrl)(request), POLAR_TIMEOUT_MS, 'Polar customer session'));
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) return { url: location };
    // The helper logs the sdk's error and answers an empty 500; what Polar said is in `answers`.
    const failed = answers.findLast((answer) => answer.status >= 400);
    const cause = new ProviderError(`Polar customer session failed: the helper answered ${response.status || 'an error'}`);
    throw (failed && polarAnswerFailure(failed, PORTAL_CALL, cause)) ?? cause;
  },

  createCheckout,

  async liveCustomerOf(user) {
    // Only the customer id is read: a subscription the app cannot otherwise read is live all the same.
    const customer = (await liveSubscriptionsOf(user.id)).map((item) => item.customer_id).find((id) => typeof id === 'string');
    return typeof customer === 'string' ? customer : null;
  },

  async endSubscriptionsOf(user, knownIds) {
    const found = (await liveSubscriptionsOf(user.id)).map((item) => item.id).filter((id): id is string => typeof id === 'string');
    let ended = 0;
    for (const id of new Set([...found, ...knownIds])) {
      try {
        await polarClient().subscriptions.revoke(id);
        ended += 1;
      } catch (error) {
        // Already ended (403 AlreadyCanceledSubscription) or gone (404): nothing left to bill.
        if (error instanceof PolarClientError && (error.statusCode === 403 || error.statusCode === 404) && !JSON.stringify(error.error).includes('insufficient_scope')) continue;
        throw polarFailure(error, REVOKE_CALL);
      }
    }
    return ended;
  },

  ...polarSubscriptionChanges,
};
