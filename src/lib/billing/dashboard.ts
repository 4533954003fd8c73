import 'server-only';
import { redirect } from 'next/navigation';
import { ApiError } from '@/lib/http/errors';
import { logError } from '@/lib/log';
import { polarClient } from '@/lib/polar/client';
import { activePaymentAdapter } from '@/lib/payments';
import type { PaymentProvider, Plan } from '@/lib/payments/types';
import { createAdminClient } from '@/lib/supabase/admin';
import { requestSession } from '@/lib/supabase/request-session';
import { requireUser, type AppUser } from './current-user';
import { formatDate, formatPrice, summarizeSubscription, type SubscriptionSummary } from './display';
import { readEntitlements, type Entitlement } from './entitlements';
import { liveSubscription, planOption, type LiveSubscription, type PlanOption } from './plan-options';
import { readSubscription } from './subscription';
import { syncCheckout } from './sync-checkout';

export interface DashboardData {
  user: AppUser;
  summary: SubscriptionSummary | null;
  planName: string | null;
  /** The current plan's price, when the plan is still on sale ("$29 / month"). */
  planPrice: string | null;
  /** Just back from checkout, and the subscription is not visible yet. */
  confirmingPayment: boolean;
  /** Who bills, and by the name customers know ("Polar", "Stripe", "Lemon Squeezy"). */
  provider: PaymentProvider;
  providerName: string;
  /** What the plan includes: the benefits Polar granted. */
  entitlements: Entitlement[];
  /** A switch Polar has scheduled for the next renewal, which the user may call off. */
  pendingChange: Extract<PlanOption, { kind: 'keep' }> | null;
  /** Cancel at period end, or resume: what the subscription offers now. */
  endAction: { kind: 'cancel' | 'resume'; confirm: string } | null;
}

async function plansOrEmpty(): Promise<Plan[]> {
  return activePaymentAdapter().listPlans().catch((error: unknown) => {
    logError('dashboard plans', error);
    return [];
  });
}

function endActionOf(live: LiveSubscription | null, planName: string): DashboardData['endAction'] {
  if (!live) return null;
  if (live.cancel_at_period_end) {
    return { kind: 'resume', confirm: `Keep ${planName}: it renews on ${formatDate(live.current_period_end)} and is charged as before.` };
  }
  const until = formatDate(live.status === 'trialing' ? (live.trial_end ?? live.current_period_end) : live.current_period_end);
  return { kind: 'cancel', confirm: `Your subscription ends on ${until}: nothing more is charged, and you keep ${planName} until then. You can resume it before that day.` };
}

const signInAgain = (error: unknown): never => {
  if (error instanceof ApiError && error.status === 401) redirect('/login?next=/dashboard');
  throw error;
};

/** Everything the dashboard shows; a checkout id first brings the subscription in from Polar. */
export async function loadDashboard(checkoutId: string | undefined): Promise<DashboardData> {
  const { supabase, session } = await requestSession();
  if (session.kind === 'signed-out') redirect('/login?next=/dashboard');
  const user = requireUser(session);
  const { provider, displayName } = activePaymentAdapter();

  // Polar's checkout is read back at once; the other providers' state arrives with their webhooks.
  if (checkoutId && provider === 'polar') {
    const synced = await syncCheckout({ polar: polarClient(), admin: createAdminClient(), user, checkoutId }).catch((error: unknown) => {
      // The webhook will bring the state in; the page shows "confirming" until then.
      logError('dashboard checkout sync', error);
    });
    if (synced === 'conflict') logError('dashboard checkout sync', `CONFLICT checkout ${checkoutId}: user ${user.id} paid on a Polar customer linked to another user`);
  }

  const [row, entitlements, plans] = await Promise.all([readSubscription(supabase, user.id), readEntitlements(supabase, user.id), plansOrEmpty()]).catch(signInAgain);
  const summary = row ? summarizeSubscription(row) : null;
  const plan = plans.find((p) => p.id === row?.product_id) ?? null;
  const live = liveSubscription(row);
  const option = live && plan ? planOption(live, plan, plans, new Date()) : null;
  return {
    user,
    summary,
    planName: plan?.name ?? null,
    planPrice: plan ? formatPrice(plan) : null,
    confirmingPayment: Boolean(checkoutId) && !summary?.live,
    provider,
    providerName: displayName,
    entitlements,
    pendingChange: option?.kind === 'keep' ? option : null,
    endAction: endActionOf(live, plan?.name ?? 'your plan'),
  };
}
