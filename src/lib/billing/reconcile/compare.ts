// Whether a stored row says what Polar says, field by field. Pure: the reconciler decides what
// to do about a difference.
import { entitlementKey, type PolarBenefitGrant, type PolarSubscription } from '@/lib/polar/objects';
import type { Database } from '@/lib/supabase/database.types';

export type StoredSubscription = Database['public']['Tables']['subscriptions']['Row'];
export type StoredGrant = Database['public']['Tables']['user_entitlements']['Row'];

const sameTime = (a: string | null | undefined, b: string | null | undefined) => (a ?? null) === (b ?? null) || (a != null && b != null && Date.parse(a) === Date.parse(b));

/** The version Polar gives a subscription state (modified_at, or created_at while null). */
export const polarVersion = (subscription: PolarSubscription) => subscription.modified_at ?? subscription.created_at;

/** The fields that differ (none: the row is right). A missing row differs in everything. */
export function subscriptionDiff(polar: PolarSubscription, stored: StoredSubscription | undefined): string[] {
  if (!stored) return ['(missing)'];
  const differences: string[] = [];
  const check = (field: string, equal: boolean) => {
    if (!equal) differences.push(field);
  };
  check('customer_id', stored.customer_id === polar.customer_id);
  check('status', stored.status === polar.status);
  check('product_id', stored.product_id === polar.product_id);
  check('price_id', (stored.price_id ?? undefined) === polar.prices[0]?.id);
  check('current_period_start', sameTime(stored.current_period_start, polar.current_period_start));
  check('current_period_end', sameTime(stored.current_period_end, polar.current_period_end));
  check('cancel_at_period_end', stored.cancel_at_period_end === polar.cancel_at_period_end);
  check('canceled_at', sameTime(stored.canceled_at, polar.canceled_at));
  check('ends_at', sameTime(stored.ends_at, polar.ends_at));
  check('ended_at', sameTime(stored.ended_at, polar.ended_at));
  check('trial_end', sameTime(stored.trial_end, polar.trial_end ?? null));
  check('past_due_at', sameTime(stored.past_due_at, polar.past_due_at ?? null));
  // A scheduled plan change (a seats or units one is no plan change, and not stored).
  const pending = polar.pending_update?.product_id ? polar.pending_update : null;
  check('pending_product_id', (stored.pending_product_id ?? null) === (pending?.product_id ?? null));
  check('pending_applies_at', sameTime(stored.pending_applies_at, pending?.applies_at ?? null));
  return differences;
}

/** Whether a grant gives access now: granted and not revoked. */
export const grantsAccess = (grant: { granted_at: string | null; revoked_at: string | null }) => grant.granted_at != null && grant.revoked_at == null;

/**
 * The same for a benefit grant; the key and description come from the benefit itself. A revoked
 * grant the database never saw is missing too: stored, it makes an older snapshot or a late
 * redelivery that still lists it stale, instead of granting it again.
 */
export function grantDiff(polar: PolarBenefitGrant, stored: StoredGrant | undefined): string[] {
  if (!stored) return ['(missing)'];
  const differences: string[] = [];
  if (stored.customer_id !== polar.customer_id) differences.push('customer_id');
  if (stored.benefit_id !== polar.benefit_id) differences.push('benefit_id');
  if ((stored.subscription_id ?? null) !== (polar.subscription_id ?? null)) differences.push('subscription_id');
  if ((stored.key ?? undefined) !== entitlementKey(polar.benefit.metadata)) differences.push('key');
  if (!sameTime(stored.granted_at, polar.granted_at)) differences.push('granted_at');
  if (!sameTime(stored.revoked_at, polar.revoked_at)) differences.push('revoked_at');
  return differences;
}

/** A grant's version: Polar's modified_at, or created_at while null. */
export const grantVersion = (grant: PolarBenefitGrant) => grant.modified_at ?? grant.created_at;

export { sameTime };
