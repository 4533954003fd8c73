// Records → the JSON:API resource objects Lemon Squeezy serves (docs.lemonsqueezy.com/api: "The
// store object", "The product object", "The variant object", "The checkout object", "The customer
// object", "The order object", "The subscription object"): numeric attributes for ids inside
// `attributes`, string ids in `data.id`, microsecond ISO 8601 timestamps
// ("2021-08-11T13:47:28.000000Z"), relationship links and a `self` link. Everything is test mode.
import { formatMoney } from '../kit/hosted-page.ts';
import type { LemonSqueezyContext } from './context.ts';
import type { Resource } from './json-api.ts';
import { paymentDetailsUrl, portalUrl, checkoutUrl } from './signed-links.ts';
import type { CheckoutRecord, CustomerRecord, OrderRecord, SubscriptionRecord } from './types.ts';

/** Lemon Squeezy's timestamps carry six fraction digits. */
export const lsTime = (iso: string | null) => (iso === null ? null : iso.replace(/\.(\d{3})Z$/, '.$1000Z'));

export const money = (cents: number): string => formatMoney(cents, 'USD');

function resource(ctx: LemonSqueezyContext, type: string, id: string, attributes: Record<string, unknown>, related: string[]): Resource {
  const self = `${ctx.publicUrl()}/v1/${type}/${id}`;
  return {
    type,
    id,
    attributes,
    relationships: Object.fromEntries(related.map((name) => [name, { links: { related: `${self}/${name}`, self: `${self}/relationships/${name}` } }])),
    links: { self },
  };
}

export function storeResource(ctx: LemonSqueezyContext, id: string): Resource {
  const store = ctx.store.stores.get(id)!;
  const orders = ctx.store.orders.values().filter((o) => o.store_id === id);
  const revenue = orders.reduce((sum, o) => sum + o.total, 0);
  return resource(ctx, 'stores', id, {
    name: store.name,
    slug: store.slug,
    domain: `${store.slug}.lemonsqueezy.com`,
    url: `https://${store.slug}.lemonsqueezy.com`,
    avatar_url: '',
    plan: 'fresh',
    country: 'US',
    country_nicename: 'United States',
    currency: 'USD',
    total_sales: orders.length,
    total_revenue: revenue,
    thirty_day_sales: orders.length,
    thirty_day_revenue: revenue,
    created_at: lsTime(store.created_at),
    updated_at: lsTime(store.created_at),
  }, ['products', 'orders', 'subscriptions', 'discounts', 'license-keys', 'webhooks']);
}

export function productResource(ctx: LemonSqueezyContext, id: string): Resource {
  const product = ctx.store.products.get(id)!;
  const variant = ctx.store.variants.values().find((v) => v.product_id === id)!;
  return resource(ctx, 'products', id, {
    store_id: Number(product.store_id),
    name: product.name,
    slug: product.slug,
    description: `<p>${product.description}</p>`,
    status: 'published',
    status_formatted: 'Published',
    thumb_url: null,
    large_thumb_url: null,
    price: variant.price,
    price_formatted: `${money(variant.price)}/month`,
    from_price: null,
    to_price: null,
    pay_what_you_want: false,
    buy_now_url: `https://${ctx.store.stores.get(product.store_id)!.slug}.lemonsqueezy.com/checkout/buy/${product.slug}`,
    from_price_formatted: null,
    to_price_formatted: null,
    created_at: lsTime(product.created_at),
    updated_at: lsTime(product.created_at),
    test_mode: true,
  }, ['store', 'variants']);
}

export function variantResource(ctx: LemonSqueezyContext, id: string): Resource {
  const variant = ctx.store.variants.get(id)!;
  return resource(ctx, 'variants', id, {
    product_id: Number(variant.product_id),
    name: variant.name,
    slug: variant.slug,
    description: '',
    // Deprecated on the variant in favour of Price objects, still served (the variant object).
    price: variant.price,
    is_subscription: true,
    interval: variant.interval,
    interval_count: 1,
    has_free_trial: false,
    trial_interval: 'day',
    trial_interval_count: 30,
    pay_what_you_want: false,
    min_price: 0,
    suggested_price: 0,
    has_license_keys: false,
    license_activation_limit: 5,
    is_license_limit_unlimited: false,
    license_length_value: 1,
    license_length_unit: 'years',
    is_license_length_unlimited: false,
    sort: variant.sort,
    status: 'published',
    status_formatted: 'Published',
    created_at: lsTime(variant.created_at),
    updated_at: lsTime(variant.created_at),
    test_mode: true,
  }, ['product', 'files', 'price-model']);
}

export function checkoutResource(ctx: LemonSqueezyContext, checkout: CheckoutRecord): Resource {
  return resource(ctx, 'checkouts', checkout.id, {
    store_id: Number(checkout.store_id),
    variant_id: Number(checkout.variant_id),
    custom_price: null,
    product_options: checkout.product_options,
    checkout_options: checkout.checkout_options,
    checkout_data: { email: checkout.email ?? '', name: checkout.name ?? '', billing_address: [], tax_number: '', discount_code: '', custom: checkout.custom ?? [], variant_quantities: [] },
    preview: false,
    expires_at: lsTime(checkout.expires_at),
    created_at: lsTime(checkout.created_at),
    updated_at: lsTime(checkout.updated_at),
    test_mode: true,
    url: checkoutUrl(ctx, checkout.id),
  }, ['store', 'variant']);
}

/** A customer's portal link exists once they have bought a subscription ("null if the customer has not bought a subscription"). */
export function customerResource(ctx: LemonSqueezyContext, customer: CustomerRecord): Resource {
  const subs = ctx.store.subscriptions.where('customer', customer.id);
  const revenue = ctx.store.orders.values().filter((o) => o.customer_id === customer.id).reduce((sum, o) => sum + o.total, 0);
  const mrr = subs.filter((s) => s.status === 'active').reduce((sum, s) => sum + ctx.store.variants.get(s.variant_id)!.price, 0);
  return resource(ctx, 'customers', customer.id, {
    store_id: Number(customer.store_id),
    name: customer.name,
    email: customer.email,
    status: 'subscribed',
    city: null,
    region: null,
    country: 'US',
    total_revenue_currency: revenue,
    mrr,
    status_formatted: 'Subscribed',
    country_formatted: 'United States',
    total_revenue_currency_formatted: money(revenue),
    mrr_formatted: money(mrr),
    urls: { customer_portal: subs.length ? portalUrl(ctx, customer.id) : null },
    created_at: lsTime(customer.created_at),
    updated_at: lsTime(customer.updated_at),
    test_mode: true,
  }, ['store', 'orders', 'subscriptions', 'license-keys']);
}

export function orderResource(ctx: LemonSqueezyContext, order: OrderRecord): Resource {
  const customer = ctx.store.customers.get(order.customer_id)!;
  const variant = ctx.store.variants.get(order.variant_id)!;
  const product = ctx.store.products.get(variant.product_id)!;
  const created = lsTime(order.created_at);
  return resource(ctx, 'orders', order.id, {
    store_id: Number(order.store_id),
    customer_id: Number(order.customer_id),
    identifier: order.identifier,
    order_number: order.order_number,
    user_name: customer.name,
    user_email: customer.email,
    currency: 'USD',
    currency_rate: '1.0000',
    subtotal: order.total,
    setup_fee: 0,
    discount_total: 0,
    tax: 0,
    total: order.total,
    subtotal_usd: order.total,
    setup_fee_usd: 0,
    discount_total_usd: 0,
    tax_usd: 0,
    total_usd: order.total,
    tax_name: null,
    tax_rate: '0.00',
    tax_inclusive: false,
    status: 'paid',
    status_formatted: 'Paid',
    refunded: false,
    refunded_at: null,
    subtotal_formatted: money(order.total),
    setup_fee_formatted: money(0),
    discount_total_formatted: money(0),
    tax_formatted: money(0),
    total_formatted: money(order.total),
    first_order_item: {
      id: Number(order.id),
      order_id: Number(order.id),
      product_id: Number(product.id),
      variant_id: Number(variant.id),
      product_name: product.name,
      variant_name: variant.name,
      price: variant.price,
      created_at: created,
      updated_at: created,
      test_mode: true,
    },
    urls: { receipt: `${ctx.publicUrl()}/my-orders/${order.identifier}` },
    created_at: created,
    updated_at: created,
    test_mode: true,
  }, ['store', 'customer', 'order-items', 'subscriptions', 'license-keys', 'discount-redemptions']);
}

const STATUS_FORMATTED = { active: 'Active', cancelled: 'Cancelled', expired: 'Expired' } as const;

export function subscriptionResource(ctx: LemonSqueezyContext, sub: SubscriptionRecord): Resource {
  const customer = ctx.store.customers.get(sub.customer_id)!;
  const variant = ctx.store.variants.get(sub.variant_id)!;
  const product = ctx.store.products.get(variant.product_id)!;
  return resource(ctx, 'subscriptions', sub.id, {
    store_id: Number(sub.store_id),
    customer_id: Number(sub.customer_id),
    order_id: Number(sub.order_id),
    // One item per order, numbered as its order (the stand-in serves no order items of their own).
    order_item_id: Number(sub.order_id),
    product_id: Number(product.id),
    variant_id: Number(variant.id),
    product_name: product.name,
    variant_name: variant.name,
    user_name: customer.name,
    user_email: customer.email,
    status: sub.status,
    status_formatted: STATUS_FORMATTED[sub.status],
    card_brand: 'visa',
    card_last_four: '4242',
    payment_processor: 'stripe',
    pause: null,
    cancelled: sub.cancelled,
    trial_ends_at: null,
    billing_anchor: sub.billing_anchor,
    first_subscription_item: {
      id: Number(sub.id),
      subscription_id: Number(sub.id),
      price_id: Number(variant.price_id),
      quantity: 1,
      is_usage_based: false,
      created_at: lsTime(sub.created_at),
      updated_at: lsTime(sub.updated_at),
    },
    urls: { update_payment_method: paymentDetailsUrl(ctx, sub.id), customer_portal: portalUrl(ctx, sub.customer_id), customer_portal_update_subscription: portalUrl(ctx, sub.customer_id) },
    renews_at: lsTime(sub.renews_at),
    ends_at: lsTime(sub.ends_at),
    created_at: lsTime(sub.created_at),
    updated_at: lsTime(sub.updated_at),
    test_mode: true,
  }, ['store', 'customer', 'order', 'order-item', 'product', 'variant', 'subscription-items', 'subscription-invoices']);
}
