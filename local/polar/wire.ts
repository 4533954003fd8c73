// Turns stored records into the objects Polar's API returns, joining customer and product the
// way server/polar/subscription/schemas.py and customer/schemas/customer.py do — hidden
// deprecated fields (`price_id`, `price`, `user_id`, `user`) included, since Polar still sends them.
import { createHash } from 'node:crypto';
import type { PolarStore } from './store.ts';
import type { BenefitJson, CheckoutRecord, CustomerRecord, GrantRecord, OrderRecord, ProductJson, SessionRecord, SubscriptionRecord } from './types.ts';

export function mustGet<T>(collection: { get(id: string): T | undefined }, id: string, what: string): T {
  const value = collection.get(id);
  if (!value) throw new Error(`stand-in state is inconsistent: ${what} ${id} is missing`);
  return value;
}

/** models/customer.py avatar_url: gravatar of the lower-cased email; null without an email. */
function avatarUrl(email: string | null): string | null {
  if (!email) return null;
  return `https://www.gravatar.com/avatar/${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}?d=404`;
}

export function customerJson(customer: CustomerRecord) {
  const { payment_failing: _internal, ...fields } = customer;
  return { ...fields, avatar_url: avatarUrl(customer.email) };
}

/** A subscription's own fields, without the joined objects (Order embeds it this way). */
export function subscriptionFields(sub: SubscriptionRecord) {
  // pending_update belongs to the Subscription schema, not SubscriptionBase (subscription/schemas.py).
  const { price_ids: priceIds, anchor_day: _a, dunning_attempts: _d, next_payment_attempt_at: _n, pending_update: _p, pending_proration: _r, ...fields } = sub;
  return { ...fields, current_meter_period_start: null, current_meter_period_end: null, price_id: priceIds[0] ?? null };
}

export function subscriptionJson(store: PolarStore, sub: SubscriptionRecord) {
  const product = mustGet(store.products, sub.product_id, 'product');
  const customer = customerJson(mustGet(store.customers, sub.customer_id, 'customer'));
  const prices = sub.price_ids.map((id) => product.prices.find((price) => price.id === id)).filter((price) => price !== undefined);
  return {
    ...subscriptionFields(sub),
    customer,
    user_id: customer.id,
    user: { id: customer.id, email: customer.email, public_name: (customer.name ?? customer.email).slice(0, 1), avatar_url: customer.avatar_url, github_username: null },
    product,
    discount: null,
    price: prices[0] ?? null,
    prices,
    meters: [],
    pending_update: sub.pending_update ?? null,
  };
}

export function sessionJson(store: PolarStore, session: SessionRecord, publicUrl: string) {
  return {
    ...session,
    modified_at: null,
    customer_portal_url: `${publicUrl}/portal/${session.token}`,
    customer: customerJson(mustGet(store.customers, session.customer_id, 'customer')),
  };
}

/** The order's lines: the period's price, and any proration of a plan change (credit negative). */
function orderItems(order: OrderRecord, product: ProductJson) {
  const prorations = order.prorations ?? [];
  const base = order.amount - prorations.reduce((sum, line) => sum + line.amount, 0);
  const line = (suffix: string, label: string, amount: number, proration: boolean) => ({
    created_at: order.created_at,
    modified_at: null,
    id: `${order.id}-${suffix}`,
    label,
    amount,
    tax_amount: 0,
    proration,
    product_price_id: proration ? null : (product.prices[0]?.id ?? null),
  });
  const lines = prorations.map((p, i) => line(`proration-${i}`, p.label, p.amount, true));
  return base !== 0 || lines.length === 0 ? [line('item', product.name, base, false), ...lines] : lines;
}

export function orderJson(store: PolarStore, order: OrderRecord) {
  const product = mustGet(store.products, order.product_id, 'product');
  const customer = customerJson(mustGet(store.customers, order.customer_id, 'customer'));
  const subscription = order.subscription_id ? store.subscriptions.get(order.subscription_id) : undefined;
  const paid = order.status === 'paid';
  return {
    id: order.id,
    created_at: order.created_at,
    modified_at: order.modified_at,
    status: order.status,
    paid,
    subtotal_amount: order.amount,
    discount_amount: 0,
    net_amount: order.amount,
    tax_amount: 0,
    total_amount: order.amount,
    applied_balance_amount: 0,
    due_amount: paid ? 0 : order.amount,
    refunded_amount: 0,
    refunded_tax_amount: 0,
    currency: order.currency,
    billing_reason: order.billing_reason,
    billing_name: customer.name,
    billing_address: null,
    invoice_number: order.invoice_number,
    is_invoice_generated: false,
    seats: null,
    customer_id: customer.id,
    product_id: product.id,
    discount_id: null,
    subscription_id: order.subscription_id,
    checkout_id: order.checkout_id,
    metadata: order.metadata,
    custom_field_data: {},
    platform_fee_amount: 0,
    platform_fee_currency: null,
    customer,
    user_id: customer.id,
    product,
    discount: null,
    subscription: subscription ? subscriptionFields(subscription) : null,
    items: orderItems(order, product),
    description: product.name,
  };
}

export function checkoutUrl(checkout: CheckoutRecord, publicUrl: string): string {
  return `${publicUrl}/checkout/${checkout.client_secret}`;
}

// Polar echoes the template as given in the API; the placeholder is filled only on redirect.
function successUrlTemplate(checkout: CheckoutRecord, publicUrl: string): string {
  return checkout.success_url ?? `${checkoutUrl(checkout, publicUrl)}/confirmation?checkout_id={CHECKOUT_ID}`;
}

export function successUrl(checkout: CheckoutRecord, publicUrl: string): string {
  return successUrlTemplate(checkout, publicUrl).replaceAll('{CHECKOUT_ID}', checkout.id);
}

export function checkoutJson(store: PolarStore, checkout: CheckoutRecord, publicUrl: string) {
  const products: ProductJson[] = checkout.product_ids.map((id) => mustGet(store.products, id, 'product'));
  const product = mustGet(store.products, checkout.product_id, 'product');
  const price = product.prices[0];
  const amount = price?.price_amount ?? 0;
  return {
    id: checkout.id,
    created_at: checkout.created_at,
    modified_at: checkout.modified_at,
    custom_field_data: {},
    payment_processor: 'stripe',
    status: checkout.status,
    client_secret: checkout.client_secret,
    url: checkoutUrl(checkout, publicUrl),
    expires_at: checkout.expires_at,
    success_url: successUrlTemplate(checkout, publicUrl),
    return_url: checkout.return_url,
    embed_origin: null,
    amount,
    seats: null,
    min_seats: null,
    max_seats: null,
    discount_amount: 0,
    net_amount: amount,
    tax_amount: null,
    tax_behavior: null,
    total_amount: amount,
    currency: price?.price_currency ?? 'usd',
    allow_trial: true,
    // The product's trial, as checkout/schemas.py resolves it when the checkout sets none.
    active_trial_interval: product.trial_interval,
    active_trial_interval_count: product.trial_interval_count,
    trial_end: null,
    organization_id: product.organization_id,
    product_id: product.id,
    product_price_id: price?.id ?? null,
    discount_id: null,
    allow_discount_codes: true,
    require_billing_address: false,
    is_discount_applicable: true,
    is_free_product_price: amount === 0,
    is_payment_required: amount > 0,
    is_payment_setup_required: true,
    is_payment_form_required: amount > 0,
    customer_id: checkout.customer_id,
    is_business_customer: false,
    customer_name: checkout.customer_name,
    customer_email: checkout.customer_email,
    customer_ip_address: null,
    customer_billing_name: null,
    customer_billing_address: null,
    customer_tax_id: null,
    locale: null,
    payment_processor_metadata: {},
    billing_address_fields: { country: 'required', state: 'disabled', city: 'disabled', postal_code: 'disabled', line1: 'disabled', line2: 'disabled' },
    trial_interval: null,
    trial_interval_count: null,
    metadata: checkout.metadata,
    external_customer_id: checkout.external_customer_id,
    customer_external_id: checkout.external_customer_id,
    products,
    product,
    product_price: price ?? null,
    prices: Object.fromEntries(products.map((p) => [p.id, p.prices])),
    discount: null,
    subscription_id: checkout.subscription_id,
    attached_custom_fields: [],
    customer_metadata: checkout.customer_metadata,
  };
}

/** A benefit of the catalog by id (a grant outlives a product change, so any product's). */
function benefitOf(store: PolarStore, benefitId: string): BenefitJson {
  for (const product of store.products.values()) {
    const benefit = product.benefits.find((b) => b.id === benefitId);
    if (benefit) return benefit;
  }
  throw new Error(`stand-in state is inconsistent: benefit ${benefitId} is missing`);
}

/** BenefitGrantWebhook (benefit/schemas.py): the grant with its customer and benefit. */
export function grantJson(store: PolarStore, grant: GrantRecord) {
  const customer = customerJson(mustGet(store.customers, grant.customer_id, 'customer'));
  return {
    ...grant,
    is_granted: grant.granted_at !== null && grant.revoked_at === null,
    is_revoked: grant.revoked_at !== null,
    order_id: null,
    member_id: null,
    member: null,
    user_id: customer.id,
    error: null,
    properties: {},
    previous_properties: {},
    customer,
    benefit: benefitOf(store, grant.benefit_id),
  };
}

/** CustomerState (customer/schemas/state.py): live subscriptions and granted benefits, now. */
export function customerStateJson(store: PolarStore, customer: CustomerRecord) {
  const active = store.subscriptionsOf(customer.id).filter((s) => s.status === 'active' || s.status === 'trialing');
  const granted = store.grants.where('customer_id', customer.id).filter((g) => g.granted_at && !g.revoked_at);
  return {
    ...customerJson(customer),
    active_subscriptions: active.map((s) => ({
      id: s.id,
      created_at: s.created_at,
      modified_at: s.modified_at,
      metadata: s.metadata,
      custom_field_data: s.custom_field_data,
      status: s.status,
      amount: s.amount,
      currency: s.currency,
      recurring_interval: s.recurring_interval,
      current_period_start: s.current_period_start,
      current_period_end: s.current_period_end,
      trial_start: s.trial_start,
      trial_end: s.trial_end,
      cancel_at_period_end: s.cancel_at_period_end,
      canceled_at: s.canceled_at,
      started_at: s.started_at,
      ends_at: s.ends_at,
      product_id: s.product_id,
      discount_id: s.discount_id,
      price_id: s.price_ids[0] ?? null,
      meters: [],
    })),
    granted_benefits: granted.map((g) => {
      const benefit = benefitOf(store, g.benefit_id);
      return { id: g.id, created_at: g.created_at, modified_at: g.modified_at, granted_at: g.granted_at, benefit_id: g.benefit_id, benefit_type: benefit.type, benefit_metadata: benefit.metadata, properties: {} };
    }),
    active_meters: [],
  };
}
