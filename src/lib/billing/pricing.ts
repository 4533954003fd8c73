import 'server-only';
import { logError } from '@/lib/log';
import type { Plan } from '@/lib/polar/plans';
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
    return Object.fromEntries(plans.map((plan) => [plan.id, planOption(live, plan, plans, now)]));
  } catch (error) {
    logError('pricing viewer', error);
    return null;
  }
}
