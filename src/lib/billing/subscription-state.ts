// What the SQL write functions take, from Polar's objects as the app reads them.
import type { SubscriptionState } from '@/lib/payments/types';
import { asUserId } from '@/lib/polar/app-user';
import { entitlementKey, type PolarBenefitGrant, type PolarCustomerState } from '@/lib/polar/objects';
import type { Database, Json } from '@/lib/supabase/database.types';

type Functions = Database['public']['Functions'];
export type ApplySubscriptionArgs = Functions['apply_polar_subscription']['Args'];
type Event = 'p_event_type' | 'p_payload' | 'p_webhook_id';

const orUndefined = <T>(value: T | null | undefined) => value ?? undefined;

/**
 * The write function's arguments for a subscription state. `eventAt` orders it among states of
 * the same modified_at: the webhook's timestamp (Polar's time of the event), or for a state read
 * from Polar's API the time of the read by Polar's clock (its answer's Date).
 */
export function subscriptionStateArgs(state: SubscriptionState, eventAt?: string): Omit<ApplySubscriptionArgs, Event> {
  return {
    p_external_user_id: state.externalUserId,
    p_claimed_user_id: state.claimedUserId,
    p_customer_id: state.customerId,
    p_subscription_id: state.id,
    p_status: state.status,
    p_product_id: state.productId,
    p_price_id: state.priceId,
    p_current_period_start: state.currentPeriodStart,
    p_current_period_end: state.currentPeriodEnd,
    p_cancel_at_period_end: state.cancelAtPeriodEnd,
    p_canceled_at: state.canceledAt,
    p_ends_at: state.endsAt,
    p_ended_at: state.endedAt,
    p_trial_start: state.trialStart,
    p_trial_end: state.trialEnd,
    p_started_at: state.startedAt,
    p_checkout_id: state.checkoutId,
    p_past_due_at: state.pastDueAt,
    p_pending_product_id: state.pendingChange?.productId,
    p_pending_applies_at: state.pendingChange?.appliesAt,
    p_modified_at: state.modifiedAt,
    p_event_at: eventAt,
  };
}

/** The latest of some times (ms), ignoring the unknown ones; undefined when none is known. */
export function latestTime(...times: Array<number | undefined>): number | undefined {
  const known = times.filter((time): time is number => time !== undefined && Number.isFinite(time));
  return known.length ? Math.max(...known) : undefined;
}

export function benefitGrantArgs(grant: PolarBenefitGrant): Omit<Functions['apply_polar_benefit_grant']['Args'], Event> {
  return {
    p_grant_id: grant.id,
    p_customer_id: grant.customer_id,
    p_external_user_id: asUserId(grant.customer.external_id),
    p_benefit_id: grant.benefit_id,
    p_key: entitlementKey(grant.benefit.metadata),
    p_description: orUndefined(grant.benefit.description),
    p_subscription_id: orUndefined(grant.subscription_id),
    p_granted_at: orUndefined(grant.granted_at),
    p_revoked_at: orUndefined(grant.revoked_at),
    p_modified_at: grant.modified_at ?? grant.created_at,
  };
}

export function customerStateArgs(state: PolarCustomerState, asOf: string): Omit<Functions['apply_polar_customer_state']['Args'], Event> {
  const grants: Json = state.granted_benefits.map((granted) => ({
    grant_id: granted.id,
    benefit_id: granted.benefit_id,
    key: entitlementKey(granted.benefit_metadata) ?? null,
    description: null,
    granted_at: granted.granted_at ?? null,
  }));
  return { p_customer_id: state.id, p_external_user_id: asUserId(state.external_id), p_as_of: asOf, p_grants: grants };
}
