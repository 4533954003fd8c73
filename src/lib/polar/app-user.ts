// Which app (Supabase) user a Polar object names. Checkout sets the customer's external id to
// the user's id; the checkout metadata (copied onto the subscription) names the user too, which
// is all there is when Polar reused an existing customer with the same email — it never sets
// that customer's external id.
import type { PolarCustomer, PolarSubscription } from './objects';

export const USER_ID_METADATA_KEY = 'supabase_user_id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const asUserId = (value: unknown): string | undefined => (typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined);

export function userIdOfCustomer(customer: Pick<PolarCustomer, 'external_id'>): string | undefined {
  return asUserId(customer.external_id);
}

/** The two ids a subscription carries: its customer's external id, and its checkout metadata. */
export function userIdsOfSubscription(subscription: Pick<PolarSubscription, 'customer' | 'metadata'>): { external?: string; metadata?: string } {
  return { external: asUserId(subscription.customer.external_id), metadata: asUserId(subscription.metadata[USER_ID_METADATA_KEY]) };
}
