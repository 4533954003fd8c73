import 'server-only';
import { redirect } from 'next/navigation';
import { ApiError } from '@/lib/http/errors';
import { logError } from '@/lib/log';
import { polarClient } from '@/lib/polar/client';
import { listPlans } from '@/lib/polar/plans';
import { createAdminClient } from '@/lib/supabase/admin';
import { requestSession } from '@/lib/supabase/request-session';
import { requireUser, type AppUser } from './current-user';
import { summarizeSubscription, type SubscriptionSummary } from './display';
import { readSubscription } from './subscription';
import { syncCheckout } from './sync-checkout';

export interface DashboardData {
  user: AppUser;
  summary: SubscriptionSummary | null;
  planName: string | null;
  /** Just back from checkout, and the subscription is not visible yet. */
  confirmingPayment: boolean;
}

async function planNameOf(productId: string | null): Promise<string | null> {
  if (!productId) return null;
  const plans = await listPlans().catch((error: unknown) => {
    logError('dashboard plans', error);
    return [];
  });
  return plans.find((plan) => plan.id === productId)?.name ?? null;
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

  if (checkoutId) {
    await syncCheckout({ polar: polarClient(), admin: createAdminClient(), user, checkoutId }).catch((error: unknown) => {
      // The webhook will bring the state in; the page shows "confirming" until then.
      logError('dashboard checkout sync', error);
    });
  }

  const row = await readSubscription(supabase, user.id).catch(signInAgain);
  const summary = row ? summarizeSubscription(row) : null;
  return {
    user,
    summary,
    planName: await planNameOf(row?.product_id ?? null),
    confirmingPayment: Boolean(checkoutId) && !summary?.live,
  };
}
