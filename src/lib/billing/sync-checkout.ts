// Post-checkout sync: when Polar sends the customer back to /dashboard?checkout_id=…, fetch
// that checkout and its subscription from Polar and apply it through the same SQL write
// function as the webhooks. The dashboard is right before the webhook arrives; the webhook
// is then a duplicate or a newer state.
import type { Polar } from '@polar-sh/sdk';
import type { SupabaseClient } from '@supabase/supabase-js';
import { PolarError } from '@polar-sh/sdk/models/errors/polarerror.js';
import { USER_ID_METADATA_KEY, userIdOfSubscription } from '@/lib/polar/app-user';
import type { Database } from '@/lib/supabase/database.types';
import type { AppUser } from './current-user';
import { subscriptionStateArgs } from './subscription-state';

export type SyncResult = 'synced' | 'pending' | 'not_found' | 'not_yours';

const CHECKOUT_ID = /^[A-Za-z0-9_-]{1,100}$/;

export interface SyncCheckoutInput {
  polar: Polar;
  /** Service-role client: the write path is executable by the service role only. */
  admin: SupabaseClient<Database>;
  user: AppUser;
  checkoutId: string;
}

export async function syncCheckout({ polar, admin, user, checkoutId }: SyncCheckoutInput): Promise<SyncResult> {
  if (!CHECKOUT_ID.test(checkoutId)) return 'not_found';

  let checkout;
  try {
    checkout = await polar.checkouts.get({ id: checkoutId });
  } catch (error) {
    // 404 for an unknown id, 422 for a malformed one.
    if (error instanceof PolarError && (error.statusCode === 404 || error.statusCode === 422)) return 'not_found';
    throw error;
  }
  // A checkout id in someone else's URL must not attach their subscription to this user.
  const owner = checkout.externalCustomerId ?? checkout.metadata[USER_ID_METADATA_KEY];
  if (owner !== user.id) return 'not_yours';
  if (!checkout.subscriptionId) return 'pending';

  const subscription = await polar.subscriptions.get({ id: checkout.subscriptionId });
  if (userIdOfSubscription(subscription) !== user.id) return 'not_yours';

  const { error } = await admin.rpc('apply_polar_subscription', {
    ...subscriptionStateArgs(subscription),
    p_user_id: user.id,
    p_event_type: 'checkout.synced',
    p_payload: { checkout_id: checkout.id },
  });
  if (error) throw new Error(`Applying the synced subscription failed: ${error.message}`, { cause: error });
  return 'synced';
}
