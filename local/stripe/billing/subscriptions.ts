// Every change to a subscription goes through here, so its webhook follows Stripe's rules:
// `customer.subscription.updated` carries `previous_attributes` with the old value of each
// top-level field that changed; the change that ends a subscription sends
// `customer.subscription.deleted` instead (status `canceled`, no previous_attributes).
import { addInterval } from '../../kit/clock.ts';
import type { StripeContext } from '../context.ts';
import { newId, unixSeconds } from '../ids.ts';
import type { SubscriptionRecord } from '../types.ts';
import { NO_REQUEST, type EventCause } from '../webhooks.ts';
import { subscriptionJson } from '../wire.ts';

/** One month on from `start` (unix seconds), keeping the anchor's day of the month (clamped). */
export function periodEnd(start: number, anchor: number): number {
  return unixSeconds(addInterval(new Date(start * 1000), 'month', 1, new Date(anchor * 1000).getUTCDate()));
}

export function createSubscription(ctx: StripeContext, input: { customer: string; price: string; quantity: number; metadata: Record<string, string> }, cause: EventCause): SubscriptionRecord {
  const now = ctx.clock.now();
  const start = unixSeconds(now);
  const sub = ctx.store.subscriptions.put({
    id: newId('sub'),
    order: now.getTime(),
    created: start,
    customer: input.customer,
    price_id: input.price,
    quantity: input.quantity,
    item_id: newId('si'),
    item_created: start,
    start_date: start,
    billing_cycle_anchor: start,
    current_period_start: start,
    current_period_end: periodEnd(start, start),
    status: 'active',
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    cancellation_reason: null,
    metadata: input.metadata,
  });
  ctx.webhooks.send('customer.subscription.created', subscriptionJson(ctx.store, sub), cause);
  return sub;
}

function previousAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = before[key];
  return changed;
}

/** Stores the change and sends its event; a change that alters nothing sends none (as Stripe). */
export function changeSubscription(ctx: StripeContext, sub: SubscriptionRecord, change: Partial<SubscriptionRecord>, cause: EventCause): SubscriptionRecord {
  const after = ctx.store.subscriptions.put({ ...sub, ...change });
  const beforeJson = subscriptionJson(ctx.store, sub);
  const afterJson = subscriptionJson(ctx.store, after);
  if (after.status === 'canceled' && sub.status !== 'canceled') {
    ctx.webhooks.send('customer.subscription.deleted', afterJson, cause);
    return after;
  }
  const previous = previousAttributes(beforeJson, afterJson);
  if (Object.keys(previous).length > 0) ctx.webhooks.send('customer.subscription.updated', afterJson, cause, previous);
  return after;
}

/**
 * cancel_at_period_end=true sets cancel_at to the period's end and canceled_at to the request's
 * time ("the time of the most recent update request, not the end of the subscription period");
 * false clears all three.
 */
export function cancelAtPeriodEndChange(ctx: StripeContext, sub: SubscriptionRecord, cancel: boolean): Partial<SubscriptionRecord> {
  if (cancel === sub.cancel_at_period_end) return {};
  return cancel
    ? { cancel_at_period_end: true, cancel_at: sub.current_period_end, canceled_at: unixSeconds(ctx.clock.now()), cancellation_reason: 'cancellation_requested' }
    : { cancel_at_period_end: false, cancel_at: null, canceled_at: null, cancellation_reason: null };
}

/** The portal's Cancel and Don't cancel buttons. */
export function setCancelAtPeriodEnd(ctx: StripeContext, sub: SubscriptionRecord, cancel: boolean, cause: EventCause): SubscriptionRecord {
  return changeSubscription(ctx, sub, cancelAtPeriodEndChange(ctx, sub, cancel), cause);
}

/** DELETE /v1/subscriptions/:id: ends it now. */
export function cancelNow(ctx: StripeContext, sub: SubscriptionRecord, cause: EventCause): SubscriptionRecord {
  const now = unixSeconds(ctx.clock.now());
  return changeSubscription(ctx, sub, { status: 'canceled', ended_at: now, canceled_at: now, cancellation_reason: 'cancellation_requested' }, cause);
}

/**
 * What the clock's advance makes due: a subscription whose period has ended either ends (it was
 * set to cancel then) or renews into the next period, once per period passed.
 */
export function runPeriodEnds(ctx: StripeContext): void {
  const now = unixSeconds(ctx.clock.now());
  for (const initial of ctx.store.subscriptions.values()) {
    let sub = initial;
    while (sub.status === 'active' && sub.current_period_end <= now) {
      if (sub.cancel_at !== null && sub.cancel_at <= sub.current_period_end) {
        sub = changeSubscription(ctx, sub, { status: 'canceled', ended_at: sub.cancel_at }, NO_REQUEST);
        break;
      }
      const start = sub.current_period_end;
      sub = changeSubscription(ctx, sub, { current_period_start: start, current_period_end: periodEnd(start, sub.billing_cycle_anchor) }, NO_REQUEST);
    }
  }
}
