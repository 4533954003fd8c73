// Paying an open checkout on the hosted page: confirm (customer and uniqueness checks), then
// success (subscription, first order), with the webhooks Polar sends for each, in its order
// (checkout/service.py _confirm_inner, _create_or_update_customer, handle_success;
// subscription/service.py create_or_update_from_checkout).
import { randomUUID } from 'node:crypto';
import { addInterval } from '../../kit/clock.ts';
import type { StandInContext } from '../context.ts';
import { ORGANIZATION_ID } from '../seed.ts';
import type { CheckoutRecord, CustomerRecord, ProductJson, SubscriptionRecord } from '../types.ts';
import { checkoutJson, customerJson, subscriptionJson } from '../wire.ts';
import { sendCustomerState, syncGrants } from './grants.ts';
import { createOrder, markOrder } from './orders.ts';
import { BILLABLE } from './subscription-events.ts';

export type PaymentRefusal = { status: number; error: string; detail: string };

export type PaymentResult = { ok: true; subscription: SubscriptionRecord } | { ok: false; refusal: PaymentRefusal };

function newCustomer(ctx: StandInContext, checkout: CheckoutRecord, email: string): CustomerRecord {
  return ctx.store.customers.put({
    id: randomUUID(),
    created_at: ctx.clock.now().toISOString(),
    modified_at: null,
    metadata: {},
    external_id: checkout.external_customer_id,
    email,
    email_verified: false,
    type: 'individual',
    name: checkout.customer_name,
    billing_name: checkout.customer_name,
    billing_address: null,
    tax_id: null,
    locale: null,
    organization_id: ORGANIZATION_ID,
    default_payment_method_id: null,
    deleted_at: null,
    payment_failing: false,
  });
}

/**
 * Which customer pays: the one linked at creation, else one with the same email (whose
 * external_id is left as it is, even when null — Polar never copies the checkout's external id
 * onto it), else a new one carrying the checkout's external id. An external id that belongs to
 * a customer with another email is refused.
 */
function resolveCustomer(ctx: StandInContext, checkout: CheckoutRecord, email: string): { customer: CustomerRecord; created: boolean } | PaymentRefusal {
  const { store } = ctx;
  if (checkout.customer_id) {
    const linked = store.customers.get(checkout.customer_id);
    if (!linked || linked.deleted_at) return { status: 409, error: 'CheckoutCustomerDeleted', detail: 'The customer associated with this checkout has been deleted.' };
    return { customer: linked, created: false };
  }
  const byEmail = store.customerByEmail(email);
  if (byEmail) return { customer: byEmail, created: false };
  if (checkout.external_customer_id && store.customerByExternalId(checkout.external_customer_id)) {
    return { status: 422, error: 'CheckoutCustomerExternalIdMismatch', detail: 'A customer with this external ID already exists but with a different email address.' };
  }
  return { customer: newCustomer(ctx, checkout, email), created: true };
}

/** subscription_settings.allow_multiple_subscriptions = false: one billable subscription per buyer. */
function alreadySubscribed(ctx: StandInContext, checkout: CheckoutRecord, email: string): boolean {
  if (ctx.store.settings().allow_multiple_subscriptions) return false;
  const linked = checkout.customer_id ? ctx.store.customers.get(checkout.customer_id) : undefined;
  const buyers = linked ? [linked] : ctx.store.customers.where('email', email.toLowerCase()).filter((c) => !c.deleted_at);
  return buyers.some((buyer) => ctx.store.subscriptionsOf(buyer.id).some((sub) => BILLABLE.has(sub.status)));
}

function newSubscription(ctx: StandInContext, checkout: CheckoutRecord, customer: CustomerRecord, product: ProductJson): SubscriptionRecord {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const price = product.prices[0];
  const interval = product.recurring_interval ?? 'month';
  const count = product.recurring_interval_count ?? 1;
  const trialEnd = product.trial_interval ? addInterval(now, product.trial_interval, product.trial_interval_count ?? 1).toISOString() : null;
  return {
    id: randomUUID(),
    created_at: at,
    modified_at: null,
    amount: price?.price_amount ?? 0,
    currency: price?.price_currency ?? 'usd',
    recurring_interval: interval,
    recurring_interval_count: count,
    status: trialEnd ? 'trialing' : 'active',
    current_period_start: at,
    current_period_end: trialEnd ?? addInterval(now, interval, count).toISOString(),
    trial_start: trialEnd ? at : null,
    trial_end: trialEnd,
    cancel_at_period_end: false,
    canceled_at: null,
    started_at: at,
    ends_at: null,
    ended_at: null,
    past_due_at: null,
    pause_at_period_end: false,
    paused_at: null,
    resumes_at: null,
    customer_id: customer.id,
    product_id: product.id,
    price_ids: price ? [price.id] : [],
    discount_id: null,
    checkout_id: checkout.id,
    seats: null,
    units: null,
    customer_cancellation_reason: null,
    customer_cancellation_comment: null,
    metadata: { ...checkout.metadata },
    custom_field_data: {},
    anchor_day: now.getUTCDate(),
    dunning_attempts: 0,
    next_payment_attempt_at: null,
  };
}

export function payCheckout(ctx: StandInContext, open: CheckoutRecord, email: string, productId: string): PaymentResult {
  const { store, webhooks } = ctx;
  const product = store.products.get(productId);
  if (!product || !open.product_ids.includes(productId)) throw new Error(`checkout ${open.id} does not offer product ${productId}`);
  if (alreadySubscribed(ctx, open, email)) {
    return { ok: false, refusal: { status: 403, error: 'AlreadyActiveSubscriptionError', detail: 'You already have an active subscription.' } };
  }
  const resolved = resolveCustomer(ctx, open, email);
  if ('error' in resolved) return { ok: false, refusal: resolved };
  const { customer, created } = resolved;

  // Confirm.
  let checkout = store.checkouts.put({ ...open, status: 'confirmed', product_id: product.id, customer_id: customer.id, customer_email: customer.email, modified_at: ctx.clock.now().toISOString() });
  webhooks.send('checkout.updated', checkoutJson(store, checkout, ctx.publicUrl()));
  webhooks.send(created ? 'customer.created' : 'customer.updated', customerJson(customer));
  sendCustomerState(ctx, customer.id);

  // Success: the payment went through.
  const subscription = store.subscriptions.put(newSubscription(ctx, checkout, customer, product));
  const body = subscriptionJson(store, subscription);
  webhooks.send('subscription.created', body);
  webhooks.send('subscription.active', body);
  webhooks.send('subscription.updated', body);
  const order = createOrder(ctx, subscription, 'subscription_create', subscription.status === 'trialing' ? 0 : subscription.amount);
  markOrder(ctx, order, 'paid');
  checkout = store.checkouts.put({ ...checkout, status: 'succeeded', modified_at: ctx.clock.now().toISOString() });
  webhooks.send('checkout.updated', checkoutJson(store, checkout, ctx.publicUrl()));
  // Polar grants in background jobs once the payment's own webhooks are out.
  syncGrants(ctx, subscription);
  sendCustomerState(ctx, customer.id);
  return { ok: true, subscription };
}
