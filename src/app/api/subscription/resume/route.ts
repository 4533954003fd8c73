import { periodEndRoute } from '@/lib/billing/period-end-route';
import { resumeSubscription } from '@/lib/billing/subscription-changes';

export const dynamic = 'force-dynamic';

/** POST /api/subscription/resume → 200 {subscription, summary}: a cancellation at period end undone. */
export const POST = periodEndRoute(resumeSubscription, 'POST /api/subscription/resume');
