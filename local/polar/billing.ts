// The state changes a customer triggers on Polar's hosted pages, with the
// webhooks Polar sends for each, in the order Polar sends them.
import { createHash, randomUUID } from 'node:crypto';
import { addInterval, tick } from './clock.ts';
import type { StandInContext } from './context.ts';
import { ORGANIZATION_ID } from './seed.ts';
import type { CheckoutRecord, CustomerJson, SubscriptionRecord } from './types.ts';
import { orderJson } from './order-wire.ts';
import { subscriptionJson } from './wire.ts';

function newCustomer(email: string, name: string | null, externalId: string | null, at: string): CustomerJson {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return {
    id: randomUUID(),
    created_at: at,
    modified_at: null,
    metadata: {},
    external_id: externalId,
    email,
    email_verified: false,
    type: 'individual',
    name,
    billing_address: null,
    tax_id: null,
    locale: null,
    organization_id: ORGANIZATION_ID,
    deleted_at: null,
    avatar_url: `https://www.gravatar.com/avatar/${hash}?d=404`,
  };
}

function findCustomer(ctx: StandInContext, checkout: CheckoutRecord): CustomerJson | undefined {
  const { store } = ctx;
  if (checkout.customer_id) return store.customers.get(checkout.customer_id);
  if (checkout.external_customer_id) return store.customerByExternalId(checkout.external_customer_id);
  return undefined;
}

/** Pays an open checkout: customer, active subscription, then the three webhooks. */
export function payCheckout(ctx: StandInContext, checkout: CheckoutRecord, email: string, productId: string): void {
  const { store, webhooks } = ctx;
  const now = tick();
  const at = now.toISOString();
  let customer = findCustomer(ctx, checkout);
  if (!customer) {
    customer = newCustomer(email, checkout.customer_name, checkout.external_customer_id, at);
    store.customers.set(customer.id, customer);
  }
  const product = store.products.get(productId);
  const price = product?.prices[0];
  if (!product || !price) throw new Error(`checkout ${checkout.id} names unknown product ${productId}`);

  const sub: SubscriptionRecord = {
    id: randomUUID(),
    created_at: at,
    modified_at: at,
    amount: price.price_amount,
    currency: price.price_currency,
    recurring_interval: product.recurring_interval,
    recurring_interval_count: product.recurring_interval_count,
    status: 'active',
    current_period_start: at,
    current_period_end: addInterval(now, product.recurring_interval, product.recurring_interval_count).toISOString(),
    trial_start: null,
    trial_end: null,
    cancel_at_period_end: false,
    canceled_at: null,
    started_at: at,
    ends_at: null,
    ended_at: null,
    customer_id: customer.id,
    product_id: product.id,
    price_id: price.id,
    discount_id: null,
    checkout_id: checkout.id,
    customer_cancellation_reason: null,
    customer_cancellation_comment: null,
    metadata: { ...checkout.metadata },
  };
  store.subscriptions.set(sub.id, sub);
  checkout.status = 'succeeded';
  checkout.modified_at = at;
  checkout.product_id = product.id;
  checkout.customer_id = customer.id;
  checkout.customer_email = customer.email;
  checkout.subscription_id = sub.id;
  const invoiceNumber = store.nextInvoiceNumber();
  store.save();

  // Bodies are serialized now, so later changes never leak into earlier events.
  webhooks.enqueue('subscription.created', subscriptionJson(store, sub));
  webhooks.enqueue('subscription.active', subscriptionJson(store, sub));
  webhooks.enqueue('order.paid', orderJson(store, sub, invoiceNumber, at));
}

export type PortalAction = 'cancel' | 'uncancel' | 'revoke';

/** Applies a portal action; returns false when it does not apply to the subscription's state. */
export function applyPortalAction(ctx: StandInContext, sub: SubscriptionRecord, action: PortalAction): boolean {
  if (sub.status !== 'active') return false;
  if (action === 'cancel' && sub.cancel_at_period_end) return false;
  if (action === 'uncancel' && !sub.cancel_at_period_end) return false;
  const at = tick().toISOString();
  sub.modified_at = at;
  let event: string;
  if (action === 'cancel') {
    // Cancel at period end: still active and paid for until current_period_end.
    sub.cancel_at_period_end = true;
    sub.canceled_at = at;
    sub.ends_at = sub.current_period_end;
    event = 'subscription.canceled';
  } else if (action === 'uncancel') {
    sub.cancel_at_period_end = false;
    sub.canceled_at = null;
    sub.ends_at = null;
    event = 'subscription.uncanceled';
  } else {
    // Immediate revoke: access ends now, which Polar reports as `revoked`.
    sub.status = 'canceled';
    sub.cancel_at_period_end = false;
    sub.canceled_at = sub.canceled_at ?? at;
    sub.ends_at = at;
    sub.ended_at = at;
    event = 'subscription.revoked';
  }
  ctx.store.save();
  ctx.webhooks.enqueue('subscription.updated', subscriptionJson(ctx.store, sub));
  ctx.webhooks.enqueue(event, subscriptionJson(ctx.store, sub));
  return true;
}
