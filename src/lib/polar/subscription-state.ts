// A Polar subscription (webhook body or API answer) as the app stores it.
import type { SubscriptionState } from '@/lib/payments/types';
import { userIdsOfSubscription } from './app-user';
import type { PolarSubscription } from './objects';

const orUndefined = <T>(value: T | null | undefined) => value ?? undefined;

export function subscriptionState(subscription: PolarSubscription): SubscriptionState {
  const users = userIdsOfSubscription(subscription);
  const pending = subscription.pending_update;
  return {
    id: subscription.id,
    customerId: subscription.customer_id,
    status: subscription.status,
    productId: subscription.product_id,
    priceId: subscription.prices[0]?.id,
    currentPeriodStart: subscription.current_period_start,
    currentPeriodEnd: orUndefined(subscription.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    canceledAt: orUndefined(subscription.canceled_at),
    endsAt: orUndefined(subscription.ends_at),
    endedAt: orUndefined(subscription.ended_at),
    trialStart: orUndefined(subscription.trial_start),
    trialEnd: orUndefined(subscription.trial_end),
    startedAt: orUndefined(subscription.started_at),
    checkoutId: orUndefined(subscription.checkout_id),
    pastDueAt: orUndefined(subscription.past_due_at),
    // A pending seats or units change (no product) is not a plan change.
    pendingChange: pending?.product_id ? { productId: pending.product_id, appliesAt: pending.applies_at } : undefined,
    // Polar leaves modified_at null until the first change; creation time orders that state.
    modifiedAt: subscription.modified_at ?? subscription.created_at,
    externalUserId: users.external,
    claimedUserId: users.metadata,
  };
}
