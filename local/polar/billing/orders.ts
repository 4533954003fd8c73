// Orders: the invoice of a subscription's first period, of a renewal or of a plan change, and
// the webhooks each step sends (order/service.py: order.created, then order.updated + order.paid
// once paid).
import { randomUUID } from 'node:crypto';
import type { StandInContext } from '../context.ts';
import type { OrderRecord, SubscriptionRecord } from '../types.ts';
import { orderJson } from '../wire.ts';

export function createOrder(
  ctx: StandInContext,
  sub: SubscriptionRecord,
  billingReason: OrderRecord['billing_reason'],
  amount: number,
  prorations: OrderRecord['prorations'] = [],
): OrderRecord {
  const { store, webhooks } = ctx;
  const at = ctx.clock.now().toISOString();
  const order = store.orders.put({
    id: randomUUID(),
    created_at: at,
    modified_at: null,
    status: 'pending',
    billing_reason: billingReason,
    amount,
    currency: sub.currency,
    customer_id: sub.customer_id,
    product_id: sub.product_id,
    subscription_id: sub.id,
    checkout_id: billingReason === 'subscription_create' ? sub.checkout_id : null,
    invoice_number: `LOCAL-${String(store.orders.size + 1).padStart(4, '0')}`,
    metadata: { ...sub.metadata },
    prorations,
  });
  webhooks.send('order.created', orderJson(store, order));
  return order;
}

export function markOrder(ctx: StandInContext, order: OrderRecord, status: 'paid' | 'void'): OrderRecord {
  const updated = ctx.store.orders.put({ ...order, status, modified_at: ctx.clock.now().toISOString() });
  ctx.webhooks.send('order.updated', orderJson(ctx.store, updated));
  if (status === 'paid') ctx.webhooks.send('order.paid', orderJson(ctx.store, updated));
  return updated;
}

/** The subscription's unpaid orders (a failed renewal's), oldest first. */
export function pendingOrders(ctx: StandInContext, sub: SubscriptionRecord): OrderRecord[] {
  return ctx.store.orders
    .where('subscription_id', sub.id)
    .filter((order) => order.status === 'pending')
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}
