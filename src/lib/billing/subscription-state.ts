// One Polar subscription, as the SQL write function public.apply_polar_subscription takes it.
import type { Subscription } from '@polar-sh/sdk/models/components/subscription.js';
import { userIdOfSubscription } from '@/lib/polar/app-user';
import type { Database } from '@/lib/supabase/database.types';

export type ApplySubscriptionArgs = Database['public']['Functions']['apply_polar_subscription']['Args'];

const iso = (date: Date | null | undefined) => date?.toISOString();

export function subscriptionStateArgs(subscription: Subscription): Omit<ApplySubscriptionArgs, 'p_event_type' | 'p_payload' | 'p_webhook_id'> {
  return {
    p_user_id: userIdOfSubscription(subscription),
    p_customer_id: subscription.customerId,
    p_subscription_id: subscription.id,
    p_status: subscription.status,
    p_product_id: subscription.productId,
    p_price_id: subscription.prices[0]?.id,
    p_current_period_start: iso(subscription.currentPeriodStart),
    p_current_period_end: iso(subscription.currentPeriodEnd),
    p_cancel_at_period_end: subscription.cancelAtPeriodEnd,
    p_canceled_at: iso(subscription.canceledAt),
    p_ends_at: iso(subscription.endsAt),
    p_ended_at: iso(subscription.endedAt),
    // Polar leaves modified_at null until the first change; creation time orders that state.
    p_modified_at: (subscription.modifiedAt ?? subscription.createdAt).toISOString(),
  };
}
