import { periodEndRoute } from '@/lib/billing/period-end-route';
import { cancelSubscription } from '@/lib/billing/subscription-changes';

export const dynamic = 'force-dynamic';

/** POST /api/subscription/cancel → 200 {subscription, summary}: the subscription ends when the period does. */
export const POST = periodEndRoute(cancelSubscription, 'POST /api/subscription/cancel');
