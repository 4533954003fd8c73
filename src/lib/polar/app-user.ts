// Which app (Supabase) user a Polar object belongs to. Checkout sets the customer's external
// id to the user's id; the checkout metadata (copied onto the subscription) is the fallback.
import type { Subscription } from '@polar-sh/sdk/models/components/subscription.js';

export const USER_ID_METADATA_KEY = 'supabase_user_id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const asUserId = (value: unknown): string | undefined =>
  typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;

export function userIdOfCustomer(customer: { externalId?: string | null }): string | undefined {
  return asUserId(customer.externalId);
}

export function userIdOfSubscription(subscription: Subscription): string | undefined {
  return userIdOfCustomer(subscription.customer) ?? asUserId(subscription.metadata[USER_ID_METADATA_KEY]);
}
