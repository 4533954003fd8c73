// What a subscriber can do with each plan, and how it reads before they confirm. Pure: the
// pricing page, the dashboard and the change-plan route all ask this.
//
// The policy: a plan that costs more (per month) is an upgrade, made now, the difference for the
// rest of the period charged at once; any other plan is a downgrade, made at the next renewal, the
// current plan kept until then. A switch is offered only to a subscription that renews: one set to
// end is resumed first, and one whose payment failed gets its payment method fixed first.
import type { Plan } from '@/lib/payments/types';
import { LIVE_STATUSES } from './billing-row';
import { formatDate, formatMoney, formatPrice } from './display';
import type { SubscriptionRow } from './subscription';

/** The user's current subscription, while it is billed. */
export type LiveSubscription = SubscriptionRow & { subscription_id: string; status: string; product_id: string };

export function liveSubscription(row: SubscriptionRow | null): LiveSubscription | null {
  if (!row?.subscription_id || !row.product_id || !row.status || !LIVE_STATUSES.has(row.status)) return null;
  return row as LiveSubscription;
}

export type PlanOption =
  /** The plan they are on, nothing scheduled. */
  | { kind: 'current'; plan: Plan }
  /** The plan they are on, with a switch away scheduled: they may keep it. */
  | { kind: 'keep'; plan: Plan; confirm: string; switchingTo: string; appliesAt: string }
  /** The plan a switch is scheduled to. */
  | { kind: 'scheduled'; plan: Plan; appliesAt: string }
  | { kind: 'upgrade'; plan: Plan; confirm: string; note: string }
  | { kind: 'downgrade'; plan: Plan; confirm: string; note: string; appliesAt: string }
  /** No switch until something else is done first. */
  | { kind: 'blocked'; plan: Plan; reason: string };

const DAYS_PER: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };

/** The plan's price per 30 days, to compare plans billed on different intervals. */
function monthlyPrice(plan: Plan): number {
  const days = (DAYS_PER[plan.interval ?? 'month'] ?? 30) * (plan.intervalCount ?? 1);
  return (plan.priceAmount * 30) / days;
}

/**
 * About what Polar charges now for an upgrade (subscription/update.py): the new price for the
 * share of the period left, less the old price for the same share. "About": Polar computes it at
 * the second the change is made, and adds taxes and discounts where there are any.
 */
export function upgradeCharge(from: Plan, to: Plan, periodStart: string | null, periodEnd: string | null, now: Date): number {
  const start = Date.parse(periodStart ?? '');
  const end = Date.parse(periodEnd ?? '');
  const share = Number.isFinite(start) && Number.isFinite(end) && end > start ? Math.min(1, Math.max(0, (end - now.getTime()) / (end - start))) : 1;
  return Math.max(0, Math.round(to.priceAmount * share) - Math.round(from.priceAmount * share));
}

function upgrade(live: LiveSubscription, from: Plan, to: Plan, now: Date): PlanOption {
  if (live.status === 'trialing') {
    // A trial is not prorated: it goes on as the new plan's trial would, or ends now and bills.
    const confirm = to.trialInterval
      ? `Switch to ${to.name} now. Your trial continues; then ${formatPrice(to)}.`
      : `Switch to ${to.name} now. Your trial ends today, and ${formatMoney(to.priceAmount, to.currency)} is charged for the first ${to.interval ?? 'period'}; then ${formatPrice(to)}.`;
    return { kind: 'upgrade', plan: to, confirm, note: 'Upgrade' };
  }
  const charge = upgradeCharge(from, to, live.current_period_start, live.current_period_end, now);
  const until = formatDate(live.current_period_end);
  const confirm = `Switch to ${to.name} now. You are charged about ${formatMoney(charge, to.currency)} today for the rest of this period${until ? ` (until ${until})` : ''}, then ${formatPrice(to)}.`;
  return { kind: 'upgrade', plan: to, confirm, note: 'Upgrade · the difference is charged today' };
}

function downgrade(live: LiveSubscription, from: string, to: Plan): PlanOption {
  const appliesAt = live.current_period_end ?? '';
  const on = formatDate(appliesAt) ?? 'your next renewal';
  return {
    kind: 'downgrade',
    plan: to,
    appliesAt,
    confirm: `Switch to ${to.name} on ${on}. You keep ${from} until then; from then on, ${formatPrice(to)}.`,
    note: `Downgrade · from ${on}`,
  };
}

/** What the subscriber can do with `plan`. `plans` is the catalog (names, prices of the others). */
export function planOption(live: LiveSubscription, plan: Plan, plans: Plan[], now: Date): PlanOption {
  const current = plans.find((p) => p.id === live.product_id);
  const pending = live.pending_product_id && live.pending_applies_at && !live.cancel_at_period_end ? { productId: live.pending_product_id, appliesAt: live.pending_applies_at } : null;
  const pendingName = pending && (plans.find((p) => p.id === pending.productId)?.name ?? 'another plan');

  if (plan.id === live.product_id) {
    if (!pending) return { kind: 'current', plan };
    const on = formatDate(pending.appliesAt);
    return { kind: 'keep', plan, switchingTo: pendingName!, appliesAt: pending.appliesAt, confirm: `Stay on ${plan.name}. The switch to ${pendingName} on ${on} is called off, and ${plan.name} renews at ${formatPrice(plan)}.` };
  }
  if (pending?.productId === plan.id) return { kind: 'scheduled', plan, appliesAt: pending.appliesAt };
  if (live.cancel_at_period_end) {
    return { kind: 'blocked', plan, reason: `Your subscription ends on ${formatDate(live.ends_at ?? live.current_period_end) ?? 'the end of the period'}. Resume it on your dashboard to change plans.` };
  }
  if (live.status === 'past_due') return { kind: 'blocked', plan, reason: 'Your last payment failed. Update your payment method before changing plans.' };
  // A plan no longer on sale cannot be compared: the switch waits for the renewal, charging nothing now.
  if (!current) return downgrade(live, 'your current plan', plan);
  return monthlyPrice(plan) > monthlyPrice(current) ? upgrade(live, current, plan, now) : downgrade(live, current.name, plan);
}
