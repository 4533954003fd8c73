// Post-checkout sync: when Polar sends the customer back to /dashboard?checkout_id=…, fetch
// that checkout and the subscription it created from Polar, and apply it through the same SQL
// write function as the webhooks. The dashboard is right before the webhook arrives; the
// webhook is then a duplicate or a newer state.
//
// Polar links the two from the subscription's side: `Subscription.checkout_id`. The checkout's
// own `subscription_id` is set only when it upgrades an existing free subscription
// (server/polar/models/checkout.py), so it is not read here.
import type { SupabaseClient } from '@supabase/supabase-js';
import { PolarClientError } from 'polar-sdk-v1';
import type { Polar } from 'polar-sdk-v1/2026-10';
import { withPolarReadTime } from '@/lib/polar/answer-log';
import { USER_ID_METADATA_KEY, userIdsOfSubscription } from '@/lib/polar/app-user';
import { polarFailure } from '@/lib/polar/failure';
import { checkoutSchema, parseProblem, subscriptionSchema, type PolarCheckout, type PolarSubscription } from '@/lib/polar/objects';
import { subscriptionState } from '@/lib/polar/subscription-state';
import type { Database } from '@/lib/supabase/database.types';
import type { AppUser } from './current-user';
import { subscriptionStateArgs } from './subscription-state';

/** `conflict`: Polar billed this user on a customer that belongs to another user (operator's call). */
export type SyncResult = 'synced' | 'pending' | 'not_found' | 'not_yours' | 'conflict';

const CHECKOUT_ID = /^[A-Za-z0-9_-]{1,100}$/;

export interface SyncCheckoutInput {
  polar: Polar;
  /** Service-role client: the write path is executable by the service role only. */
  admin: SupabaseClient<Database>;
  user: AppUser;
  checkoutId: string;
}

async function fetchCheckout(polar: Polar, checkoutId: string): Promise<PolarCheckout | null> {
  let raw;
  try {
    raw = await polar.checkouts.get(checkoutId);
  } catch (error) {
    // 404 for an unknown id, 422 for a malformed one.
    if (error instanceof PolarClientError && (error.statusCode === 404 || error.statusCode === 422)) return null;
    throw polarFailure(error, { what: 'reading a checkout (GET /v1/checkouts/{id})', scope: 'checkouts:read' });
  }
  const checkout = checkoutSchema.safeParse(raw);
  if (!checkout.success) throw new Error(`Polar's checkout ${checkoutId} is unreadable: ${parseProblem(checkout.error)}`);
  return checkout.data;
}

/** The subscription this checkout created, among its customer's (a customer has few). */
async function subscriptionOf(polar: Polar, checkout: PolarCheckout & { customer_id: string }): Promise<PolarSubscription | null> {
  try {
    for await (const raw of polar.subscriptions.iterList({ customer_id: checkout.customer_id, limit: 100 })) {
      if ((raw as { checkout_id?: unknown }).checkout_id !== checkout.id) continue;
      const subscription = subscriptionSchema.safeParse(raw);
      if (!subscription.success) throw new Error(`Polar's subscription for checkout ${checkout.id} is unreadable: ${parseProblem(subscription.error)}`);
      return subscription.data;
    }
  } catch (error) {
    throw polarFailure(error, { what: "listing the customer's subscriptions (GET /v1/subscriptions/)", scope: 'subscriptions:read' });
  }
  return null;
}

export async function syncCheckout({ polar, admin, user, checkoutId }: SyncCheckoutInput): Promise<SyncResult> {
  if (!CHECKOUT_ID.test(checkoutId)) return 'not_found';
  const checkout = await fetchCheckout(polar, checkoutId);
  if (!checkout) return 'not_found';
  // A checkout id in someone else's URL must not attach their subscription to this user. The
  // app set both on the server when it created the checkout.
  const owner = checkout.external_customer_id ?? checkout.metadata[USER_ID_METADATA_KEY];
  if (owner !== user.id) return 'not_yours';
  if (checkout.status !== 'succeeded' || !checkout.customer_id) return 'pending';

  const customerId = checkout.customer_id;
  const { result: subscription, readAt } = await withPolarReadTime(() => subscriptionOf(polar, { ...checkout, customer_id: customerId }));
  if (!subscription) return 'pending';
  const users = userIdsOfSubscription(subscription);
  if (users.metadata !== user.id && users.external !== user.id) return 'not_yours';

  const { data: outcome, error } = await admin.rpc('apply_polar_subscription', {
    ...subscriptionStateArgs(subscriptionState(subscription), readAt),
    // This user paid for this checkout: a claim, as the checkout metadata is.
    p_claimed_user_id: user.id,
    p_event_type: 'checkout.synced',
    p_payload: { checkout_id: checkout.id },
  });
  if (error) throw new Error(`Applying the synced subscription failed: ${error.message}`, { cause: error });
  return outcome === 'conflict' ? 'conflict' : 'synced';
}
