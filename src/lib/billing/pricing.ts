import 'server-only';
import { logError } from '@/lib/log';
import { activePaymentAdapter } from '@/lib/payments';
import type { Plan } from '@/lib/payments/types';
import { requestSession } from '@/lib/supabase/request-session';
import { liveSubscription, planOption, type PlanOption } from './plan-options';
import { readSubscription } from './subscription';

/**
 * What the signed-in viewer can do with each plan, by plan id — or null for a visitor, or a user
 * with no live subscription, who are offered checkout. A failure to read the subscription falls
 * back to checkout too, which sends a subscriber to the portal rather than a second subscription.
 */
export async function viewerPlanOptions(plans: Plan[]): Promise<Record<string, PlanOption> | null> {
  try {
    const { supabase, session } = await requestSession();
    if (session.kind !== 'signed-in') return null;
    const live = liveSubscription(await readSubscription(supabase, session.claims.sub));
    if (!live) return null;
    const now = new Date();
    // Where the app makes no plan changes itself, the provider's portal does.
    const switches = Boolean(activePaymentAdapter().changePlan);
    const optionFor = (plan: Plan): PlanOption => {
      const option = planOption(live, plan, plans, now);
      if (switches || (option.kind !== 'upgrade' && option.kind !== 'downgrade')) return option;
      return { kind: 'blocked', plan, reason: 'Switch plans in the billing portal: Manage billing, on your dashboard.' };
    };
    return Object.fromEntries(plans.map((plan) => [plan.id, optionFor(plan)]));
  } catch (error) {
    logError('pricing viewer', error);
    return null;
  }
}
