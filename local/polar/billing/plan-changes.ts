// Changing a subscription's product (PATCH /v1/subscriptions/{id} {product_id,
// proration_behavior}) and clearing a scheduled change ({pending_update: null}), as
// subscription/service.py update, validate_product_change, update_product and
// clear_pending_update do, with the billing of subscription/update.py:
//  - invoice: the product changes now; the unused time of the old price is credited, the rest of
//    the period at the new price debited, and the difference charged at once (402 and nothing
//    changed when the card is declined);
//  - prorate (the organization's default): the same now, the difference left for the next invoice;
//  - next_period: nothing changes now but `pending_update`, applied at the next cycle;
//  - reset: refused (an organization feature flag the stand-in never has).
// A change that is only a pending_update leaves the subscription's modified_at as it was: at
// Polar that row lives in subscription_updates, and the Subscription's own row is not written.
import { randomUUID } from 'node:crypto';
import { addInterval } from '../../kit/clock.ts';
import type { StandInContext } from '../context.ts';
import type { ValidationIssue } from '../errors.ts';
import type { ProrationBehavior } from '../store.ts';
import type { PendingUpdateRecord, ProductJson, SubscriptionRecord } from '../types.ts';
import { createOrder, markOrder } from './orders.ts';
import { intervalChanges, pricesIn, productFields } from './product-switch.ts';
import { cycle } from './renewals.ts';
import { alreadyCanceled, announce, REVOKED, type CancelError } from './subscription-events.ts';

export type UpdateRefusal = CancelError | { status: 422; error: 'PolarRequestValidationError'; detail: ValidationIssue[] };

const invalid = (loc: string, msg: string, input: unknown): UpdateRefusal => ({
  status: 422,
  error: 'PolarRequestValidationError',
  detail: [{ type: 'value_error', loc: ['body', loc], msg, input }],
});

const paymentFailed: CancelError = { status: 402, error: 'PaymentFailed', detail: 'Payment failed with reason: card_error.' };

/** validate_product_change: the product the subscription may move to, or why not. */
function validProduct(ctx: StandInContext, sub: SubscriptionRecord, productId: string): ProductJson | UpdateRefusal {
  if (REVOKED.has(sub.status) || sub.cancel_at_period_end) return alreadyCanceled;
  const product = ctx.store.products.get(productId);
  if (!product) return invalid('product_id', 'Product does not exist.', productId);
  if (product.is_archived) return invalid('product_id', 'Product is archived.', productId);
  if (!product.is_recurring) return invalid('product_id', 'Product is not recurring.', productId);
  const prices = pricesIn(product, sub.currency);
  if (!prices) return invalid('product_id', "This product doesn't have a price for the subscription currency.", productId);
  if (prices.some((price) => price.amount_type === 'custom')) return invalid('product_id', "Can't update to a product with custom prices.", productId);
  // Seat, unit and metered prices have rules of their own at Polar (docs/fidelity.md: left out).
  if (prices.some((price) => price.amount_type !== 'fixed')) return invalid('product_id', `stand-in: switching to ${prices[0]!.amount_type} prices is not implemented`, productId);
  return product;
}

/** The share of [start, end) still ahead at `now` (update.py _calculate_time_proration). */
function remaining(start: string, end: string, now: Date): number {
  const total = Date.parse(end) - Date.parse(start);
  const left = Date.parse(end) - now.getTime();
  return left <= 0 || total <= 0 ? 0 : left / total;
}

const isRefusal = (value: unknown): value is UpdateRefusal => typeof value === 'object' && value !== null && 'error' in value;

function schedule(ctx: StandInContext, sub: SubscriptionRecord, product: ProductJson): SubscriptionRecord {
  const at = ctx.clock.now().toISOString();
  const existing = sub.pending_update ?? null;
  // SubscriptionUpdateRepository.upsert: one unapplied update per subscription, kept and changed.
  const pending: PendingUpdateRecord = existing
    ? { ...existing, modified_at: at, applies_at: sub.current_period_end, product_id: product.id }
    : { id: randomUUID(), created_at: at, modified_at: null, applies_at: sub.current_period_end, product_id: product.id, seats: null, units: null };
  const after = ctx.store.subscriptions.put({ ...sub, pending_update: pending });
  announce(ctx, sub, after);
  return after;
}

function switchNow(ctx: StandInContext, sub: SubscriptionRecord, product: ProductJson, behavior: 'invoice' | 'prorate'): SubscriptionRecord | UpdateRefusal {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const fields = productFields(product, sub.currency);
  const change: Partial<SubscriptionRecord> = { ...fields, pending_update: null, modified_at: at };

  if (sub.status === 'trialing') {
    // No billing during a trial: it lasts as the new product's trial would have from its start.
    const trialEnd = product.trial_interval && sub.trial_start ? addInterval(new Date(sub.trial_start), product.trial_interval, product.trial_interval_count ?? 1) : null;
    if (trialEnd && trialEnd > now) {
      const after = ctx.store.subscriptions.put({ ...sub, ...change, trial_end: trialEnd.toISOString(), current_period_end: trialEnd.toISOString() });
      announce(ctx, sub, after);
      return after;
    }
    // The trial ends now, and the new product's first period starts (and is charged).
    const ending = ctx.store.subscriptions.put({ ...sub, ...change, trial_end: at, current_period_end: at });
    return cycle(ctx, ending);
  }

  const newPeriod = intervalChanges(sub, product);
  const share = remaining(sub.current_period_start, sub.current_period_end, now);
  const credit = -Math.round(sub.amount * share);
  const debit = Math.round(fields.amount! * (newPeriod ? 1 : share));
  const prorations = [
    ...(credit !== 0 ? [{ label: 'Unused time on the previous plan', amount: credit }] : []),
    ...(debit !== 0 ? [{ label: `Remaining time on ${product.name}`, amount: debit }] : []),
  ];
  const net = credit + debit;
  if (newPeriod) Object.assign(change, { current_period_start: at, current_period_end: addInterval(now, fields.recurring_interval!, fields.recurring_interval_count!).toISOString(), anchor_day: now.getUTCDate() });
  const invoiceNow = (behavior === 'invoice' || newPeriod) && prorations.length > 0;
  // The charge is synchronous (PaymentMode.sync): declined, the whole change is rolled back.
  if (invoiceNow && net > 0 && ctx.store.customers.get(sub.customer_id)?.payment_failing) return paymentFailed;
  if (!invoiceNow) change.pending_proration = (sub.pending_proration ?? 0) + net;

  const after = ctx.store.subscriptions.put({ ...sub, ...change });
  const order = invoiceNow ? createOrder(ctx, after, 'subscription_update', net, prorations) : null;
  // Nothing due is paid at once (order/service.py _create_order); a charge is paid from Stripe's
  // webhook, after the subscription's own events.
  if (order && net <= 0) markOrder(ctx, order, 'paid');
  announce(ctx, sub, after);
  if (order && net > 0) markOrder(ctx, order, 'paid');
  return after;
}

/** PATCH {product_id, proration_behavior?}: the new state, or Polar's refusal. */
export function changeProduct(ctx: StandInContext, sub: SubscriptionRecord, productId: string, requested?: ProrationBehavior | 'reset' | null): SubscriptionRecord | UpdateRefusal {
  if (requested === 'reset') return invalid('proration_behavior', "The 'reset' proration behavior is not enabled for this organization.", requested);
  const product = validProduct(ctx, sub, productId);
  if (isRefusal(product)) return product;
  const behavior = requested ?? ctx.store.settings().proration_behavior;
  return behavior === 'next_period' ? schedule(ctx, sub, product) : switchNow(ctx, sub, product, behavior);
}

/** PATCH {pending_update: null} (clear_pending_update): 422 when nothing is scheduled. */
export function clearPendingUpdate(ctx: StandInContext, sub: SubscriptionRecord): SubscriptionRecord | UpdateRefusal {
  if (!sub.pending_update) return invalid('pending_update', 'This subscription has no pending update to clear.', null);
  const after = ctx.store.subscriptions.put({ ...sub, pending_update: null });
  announce(ctx, sub, after);
  return after;
}

/** PATCH {} (or a base update with nothing to do): unchanged, and still announced (SubscriptionUpdateContext). */
export function touch(ctx: StandInContext, sub: SubscriptionRecord): SubscriptionRecord {
  announce(ctx, sub, sub);
  return sub;
}

export { isRefusal };
