// Paying a checkout on the hosted page: the store's customer with that email, or a new one; an
// order (paid, the variant's price, no tax); a subscription (active, renewing one month later by
// the stand-in's clock). Events in the order Lemon Squeezy documents them for a first purchase:
// order_created, subscription_created — each with the checkout's `custom` as `meta.custom_data`.
import { randomUUID } from 'node:crypto';
import type { LemonSqueezyContext } from '../context.ts';
import { nextId } from '../store.ts';
import type { CheckoutRecord, CustomerRecord, OrderRecord } from '../types.ts';
import { orderResource } from '../wire.ts';
import { createSubscription } from './subscriptions.ts';

function customerFor(ctx: LemonSqueezyContext, storeId: string, email: string, name: string | null): CustomerRecord {
  const existing = ctx.store.customers.where('email', `${storeId}:${email.toLowerCase()}`)[0];
  if (existing) return existing;
  const now = ctx.clock.now().toISOString();
  // Lemon Squeezy asks for a name at checkout; the stand-in's page does not, so the email's local part stands in.
  return ctx.store.customers.put({ id: nextId(ctx.store.customers, 40_001), store_id: storeId, name: name || email.split('@')[0]!, email, created_at: now, updated_at: now });
}

export function completeCheckout(ctx: LemonSqueezyContext, checkout: CheckoutRecord, email: string): OrderRecord {
  const { store } = ctx;
  const customer = customerFor(ctx, checkout.store_id, email, checkout.name);
  const variant = store.variants.get(checkout.variant_id)!;
  const order = store.orders.put({
    id: nextId(store.orders, 60_001),
    store_id: checkout.store_id,
    customer_id: customer.id,
    identifier: randomUUID(),
    order_number: store.orders.size + 1,
    variant_id: variant.id,
    total: variant.price,
    custom: checkout.custom,
    created_at: ctx.clock.now().toISOString(),
  });
  store.checkouts.put({ ...checkout, order_id: order.id, updated_at: ctx.clock.now().toISOString() });
  ctx.webhooks.send('order_created', orderResource(ctx, order), order.custom);
  createSubscription(ctx, { storeId: checkout.store_id, customerId: customer.id, orderId: order.id, variantId: variant.id, custom: checkout.custom });
  return order;
}
