// Every change to a subscription goes through here, so its webhooks follow Lemon Squeezy's rules
// (docs.lemonsqueezy.com/help/webhooks/event-types): the change's own event when it has one
// (subscription_cancelled, subscription_resumed, subscription_expired), then
// subscription_updated, which "occurs when a subscription's data is changed or updated" — the
// catch-all. Cancelling keeps the subscription valid until the period's end: status `cancelled`,
// `cancelled: true`, `ends_at` = the renewal date ("on a grace period"); at `ends_at` it expires.
import { addInterval } from '../../kit/clock.ts';
import type { LemonSqueezyContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { nextId } from '../store.ts';
import type { SubscriptionRecord } from '../types.ts';
import type { LemonSqueezyEventName } from '../webhooks.ts';
import { subscriptionResource } from '../wire.ts';

const nextRenewal = (from: string, anchor: number) => addInterval(new Date(from), 'month', 1, anchor).toISOString();

export function createSubscription(ctx: LemonSqueezyContext, input: { storeId: string; customerId: string; orderId: string; variantId: string; custom: Record<string, unknown> | null }): SubscriptionRecord {
  const now = ctx.clock.now();
  const created = now.toISOString();
  const sub = ctx.store.subscriptions.put({
    id: nextId(ctx.store.subscriptions, 50_001),
    store_id: input.storeId,
    customer_id: input.customerId,
    order_id: input.orderId,
    variant_id: input.variantId,
    status: 'active',
    cancelled: false,
    renews_at: nextRenewal(created, now.getUTCDate()),
    ends_at: null,
    billing_anchor: now.getUTCDate(),
    custom: input.custom,
    created_at: created,
    updated_at: created,
  });
  ctx.webhooks.send('subscription_created', subscriptionResource(ctx, sub), sub.custom);
  return sub;
}

function change(ctx: LemonSqueezyContext, sub: SubscriptionRecord, fields: Partial<SubscriptionRecord>, event: LemonSqueezyEventName | null): SubscriptionRecord {
  const after = ctx.store.subscriptions.put({ ...sub, ...fields, updated_at: ctx.clock.now().toISOString() });
  const data = subscriptionResource(ctx, after);
  if (event) ctx.webhooks.send(event, data, after.custom);
  ctx.webhooks.send('subscription_updated', data, after.custom);
  return after;
}

/**
 * `cancelled: true` (PATCH, DELETE, the portal's Cancel) or `false` (Resume). Cancelling a
 * cancelled or expired subscription changes nothing; an expired one cannot be resumed (a cancelled
 * one can: "It is possible for the subscription to be resumed during this period", the grace period).
 */
export function setCancelled(ctx: LemonSqueezyContext, sub: SubscriptionRecord, cancelled: boolean): SubscriptionRecord {
  if (sub.status === 'expired') {
    if (cancelled) return sub;
    throw invalid('/data/attributes/cancelled', 'An expired subscription cannot be resumed.');
  }
  if (cancelled === sub.cancelled) return sub;
  return cancelled
    ? change(ctx, sub, { status: 'cancelled', cancelled: true, ends_at: sub.renews_at }, 'subscription_cancelled')
    : change(ctx, sub, { status: 'active', cancelled: false, ends_at: null }, 'subscription_resumed');
}

/** PATCH `variant_id`: the plan changes from now, with no invoice of its own (the stand-in keeps no proration). */
export function changeVariant(ctx: LemonSqueezyContext, sub: SubscriptionRecord, variantId: string): SubscriptionRecord {
  if (sub.status === 'expired') throw invalid('/data/attributes/variant_id', 'An expired subscription cannot change plans.');
  if (variantId === sub.variant_id) return sub;
  return change(ctx, sub, { variant_id: variantId }, null);
}

/**
 * What the clock's advance makes due: a cancelled subscription past `ends_at` expires; an active
 * one past `renews_at` renews into the next period, once per period passed.
 */
export function runPeriodEnds(ctx: LemonSqueezyContext): void {
  const now = ctx.clock.now().getTime();
  for (const initial of ctx.store.subscriptions.values()) {
    let sub = initial;
    if (sub.status === 'cancelled' && sub.ends_at !== null && Date.parse(sub.ends_at) <= now) {
      change(ctx, sub, { status: 'expired' }, 'subscription_expired');
      continue;
    }
    while (sub.status === 'active' && Date.parse(sub.renews_at) <= now) {
      sub = change(ctx, sub, { renews_at: nextRenewal(sub.renews_at, sub.billing_anchor) }, null);
    }
  }
}
