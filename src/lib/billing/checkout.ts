// Starting a subscription: only known plans, identity from the session, and no second
// subscription for a user who already has a live one (they get the portal instead).
import { badGateway, badRequest } from '@/lib/http/errors';
import type { PaymentAdapter } from '@/lib/payments/types';
import type { Plan } from '@/lib/polar/plans';
import type { UserDataClient } from '@/lib/supabase/request-session';
import { LIVE_STATUSES, readBillingRow } from './billing-row';
import type { AppUser } from './current-user';
import { portalSession } from './portal';

const MAX_PRODUCTS = 5;

export interface StartCheckoutInput {
  supabase: UserDataClient;
  adapter: PaymentAdapter;
  user: AppUser;
  productIds: string[];
  listPlans: () => Promise<Plan[]>;
  siteUrl: string;
}

export type CheckoutStart = { kind: 'checkout' | 'portal'; url: string };

export async function startCheckout(input: StartCheckoutInput): Promise<CheckoutStart> {
  const { supabase, adapter, user, siteUrl } = input;
  const productIds = [...new Set(input.productIds)];
  if (productIds.length === 0 || productIds.length > MAX_PRODUCTS) throw badRequest('Missing or too many products');

  let plans: Plan[];
  try {
    plans = await input.listPlans();
  } catch (error) {
    throw badGateway(error);
  }
  const known = new Set(plans.map((plan) => plan.id));
  if (!productIds.every((id) => known.has(id))) throw badRequest('Unknown product');

  const row = await readBillingRow(supabase, user.id);
  if (row?.status && LIVE_STATUSES.has(row.status) && row.polar_customer_id) {
    const portal = await portalSession(adapter, row, new URL('/dashboard', siteUrl).href, 'No subscription found');
    return { kind: 'portal', url: portal.url };
  }

  // Polar fills in {CHECKOUT_ID}; the dashboard uses it to sync before the webhook arrives.
  const successUrl = `${new URL('/dashboard', siteUrl).href}?checkout_id={CHECKOUT_ID}`;
  try {
    const { url } = await adapter.createCheckout({ productIds, user, successUrl });
    return { kind: 'checkout', url };
  } catch (error) {
    throw badGateway(error);
  }
}
