// Starting a subscription: only known plans, identity from the session (confirmed with Auth by
// the route), and no second subscription for a user who already has a live one — known here or
// at the provider (they get the portal instead).
import { badRequest, upstreamFailure } from '@/lib/http/errors';
import { logError } from '@/lib/log';
import type { PaymentAdapter } from '@/lib/payments/types';
import type { Plan } from '@/lib/polar/plans';
import type { UserDataClient } from '@/lib/supabase/request-session';
import { LIVE_STATUSES, readBillingRow } from './billing-row';
import type { AppUser } from './current-user';
import { portalSession } from './portal';

export interface StartCheckoutInput {
  supabase: UserDataClient;
  adapter: PaymentAdapter;
  user: AppUser;
  productIds: string[];
  listPlans: () => Promise<Plan[]>;
  siteUrl: string;
  /** Keeps the new checkout's id, so the reconciler finds it if it never syncs. */
  recordCheckout: (checkoutId: string, userId: string) => Promise<void>;
}

export type CheckoutStart = { kind: 'checkout' | 'portal'; url: string };

export async function startCheckout(input: StartCheckoutInput): Promise<CheckoutStart> {
  const { supabase, adapter, user, siteUrl } = input;
  const productIds = [...new Set(input.productIds)];
  if (productIds.length === 0 || productIds.length > adapter.checkoutProductLimit) throw badRequest('Missing or too many products');

  let plans: Plan[];
  try {
    plans = await input.listPlans();
  } catch (error) {
    throw upstreamFailure(error);
  }
  const known = new Set(plans.map((plan) => plan.id));
  if (!productIds.every((id) => known.has(id))) throw badRequest('Unknown product');

  // A live subscriber gets the portal, not a second subscription: what the database knows
  // first, then what the provider knows (a payment whose webhooks have not arrived yet).
  const row = await readBillingRow(supabase, user.id);
  const liveHere = row?.status && LIVE_STATUSES.has(row.status) && row.customer_id ? row : null;
  const liveCustomer = liveHere ? null : await adapter.liveCustomerOf(user).catch((error: unknown) => {
    throw upstreamFailure(error);
  });
  const live = liveHere ?? (liveCustomer ? { provider: adapter.provider, customer_id: liveCustomer, status: 'active' } : null);
  if (live) {
    const portal = await portalSession(adapter, live, new URL('/dashboard', siteUrl).href, 'No subscription found');
    return { kind: 'portal', url: portal.url };
  }

  // Polar fills in {CHECKOUT_ID}; the dashboard uses it to sync before the webhook arrives.
  const successUrl = `${new URL('/dashboard', siteUrl).href}?checkout_id={CHECKOUT_ID}`;
  try {
    const { url, id } = await adapter.createCheckout({ productIds, user, successUrl });
    // Only an aid for Polar's reconciler (it asks Polar about the checkouts it records): the
    // buyer's checkout must not fail because of it.
    if (adapter.provider === 'polar') await input.recordCheckout(id, user.id).catch((error: unknown) => logError('checkout record', error));
    return { kind: 'checkout', url };
  } catch (error) {
    throw upstreamFailure(error);
  }
}
