// What happens when the stand-in's clock passes a subscription's period end or a payment retry
// (subscription/service.py cycle(), mark_past_due; order/service.py dunning): a renewal with its
// order (a trial's first charge, a scheduled plan change applied), the end of a subscription
// cancelled at period end, a failed payment that makes it past_due, retries at +2, +7, +14 and
// +21 days, and then the end (status canceled — Polar never sets `unpaid`).
import { addInterval } from '../../kit/clock.ts';
import type { StandInContext } from '../context.ts';
import type { SubscriptionRecord } from '../types.ts';
import { cycleGrants, sendCustomerState, syncGrants } from './grants.ts';
import { createOrder, markOrder, pendingOrders } from './orders.ts';
import { pricesIn, productFields } from './product-switch.ts';
import { announce, BILLABLE, changeSubscription } from './subscription-events.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days after the first failure at which Polar tries the payment again. */
const DUNNING_RETRY_DAYS = [2, 7, 14, 21];

function dueAt(sub: SubscriptionRecord): number {
  if (sub.status === 'past_due') return sub.next_payment_attempt_at ? Date.parse(sub.next_payment_attempt_at) : Infinity;
  return Date.parse(sub.current_period_end);
}

function paymentFails(ctx: StandInContext, sub: SubscriptionRecord): boolean {
  return ctx.store.customers.get(sub.customer_id)?.payment_failing ?? false;
}

/**
 * The start of the next period: a change scheduled for it (pending_update) is applied, a trial
 * becomes active (re-anchored on the day it ended), and the period's order carries the
 * prorations a `prorate` plan change left for this invoice. Also ends a trial early when a plan
 * change leaves it without one (service.py update_product, billing effect "cycle").
 */
export function cycle(ctx: StandInContext, sub: SubscriptionRecord): SubscriptionRecord {
  const start = new Date(sub.current_period_end);
  const pending = sub.pending_update ?? null;
  const target = pending?.product_id ? ctx.store.products.get(pending.product_id) : undefined;
  // A scheduled product whose price in this currency went away is skipped, not applied (cycle()).
  const switched = target && pricesIn(target, sub.currency) ? productFields(target, sub.currency) : {};
  const next = { ...sub, ...switched };
  const anchorDay = sub.status === 'trialing' ? start.getUTCDate() : sub.anchor_day;
  const end = addInterval(start, next.recurring_interval, next.recurring_interval_count, anchorDay);
  const prorations = sub.pending_proration ? [{ label: 'Plan change', amount: sub.pending_proration }] : [];
  // A trial ends by becoming active; `subscription.active` is not sent (trialing already counted).
  const renewed = ctx.store.subscriptions.put({
    ...next,
    status: 'active',
    anchor_day: anchorDay,
    current_period_start: start.toISOString(),
    current_period_end: end.toISOString(),
    pending_update: null,
    pending_proration: 0,
    modified_at: ctx.clock.now().toISOString(),
  });
  announce(ctx, sub, renewed, ['subscription.cycled']);

  const order = createOrder(ctx, renewed, 'subscription_cycle', renewed.amount + (sub.pending_proration ?? 0), prorations);
  if (!paymentFails(ctx, renewed)) {
    markOrder(ctx, order, 'paid');
    cycleGrants(ctx, renewed);
    sendCustomerState(ctx, renewed.customer_id);
    return renewed;
  }
  const failedAt = ctx.clock.now();
  return changeSubscription(ctx, renewed, {
    status: 'past_due',
    past_due_at: failedAt.toISOString(),
    dunning_attempts: 0,
    next_payment_attempt_at: new Date(failedAt.getTime() + DUNNING_RETRY_DAYS[0]! * DAY_MS).toISOString(),
  });
}

/** Charges a past_due subscription's unpaid orders again (a scheduled retry, or a new card). */
export function retryPayment(ctx: StandInContext, sub: SubscriptionRecord): void {
  if (sub.status !== 'past_due') return;
  if (!paymentFails(ctx, sub)) {
    const active = changeSubscription(ctx, sub, { status: 'active', past_due_at: null, dunning_attempts: 0, next_payment_attempt_at: null });
    for (const order of pendingOrders(ctx, active)) markOrder(ctx, order, 'paid');
    return;
  }
  const attempts = sub.dunning_attempts + 1;
  const nextDay = DUNNING_RETRY_DAYS[attempts];
  if (nextDay !== undefined) {
    const firstFailure = Date.parse(sub.past_due_at ?? ctx.clock.now().toISOString());
    const retried = ctx.store.subscriptions.put({ ...sub, dunning_attempts: attempts, next_payment_attempt_at: new Date(firstFailure + nextDay * DAY_MS).toISOString() });
    // Each failed retry looks at the benefits again: a grace period over now revokes them.
    if (syncGrants(ctx, retried)) sendCustomerState(ctx, retried.customer_id);
    return;
  }
  const at = ctx.clock.now().toISOString();
  const ended = changeSubscription(ctx, sub, { status: 'canceled', canceled_at: at, ends_at: at, ended_at: at, dunning_attempts: attempts, next_payment_attempt_at: null });
  for (const order of pendingOrders(ctx, ended)) markOrder(ctx, order, 'void');
}

function process(ctx: StandInContext, sub: SubscriptionRecord): void {
  if (sub.status === 'past_due') return retryPayment(ctx, sub);
  if (sub.cancel_at_period_end) {
    changeSubscription(ctx, sub, { status: 'canceled', ended_at: ctx.clock.now().toISOString() });
    return;
  }
  cycle(ctx, sub);
}

/** Runs everything due by now, earliest first, until nothing is left (a long jump renews repeatedly). */
export function runDueBilling(ctx: StandInContext): void {
  for (;;) {
    // The clock, not a time taken once: each change stamps a slightly later time.
    const now = ctx.clock.now().getTime();
    let next: SubscriptionRecord | undefined;
    for (const sub of ctx.store.subscriptions.values()) {
      if (BILLABLE.has(sub.status) && dueAt(sub) <= now && (!next || dueAt(sub) < dueAt(next))) next = sub;
    }
    if (!next) return;
    process(ctx, next);
  }
}
