// Turns stored records into the full objects Polar's API returns, joining
// customer and product the way the sdk's inbound schemas require.
import type { Store } from './store.ts';
import type { CheckoutRecord, ProductJson, SessionRecord, SubscriptionRecord } from './types.ts';

export function mustGet<T>(map: Map<string, T>, id: string, what: string): T {
  const value = map.get(id);
  if (!value) throw new Error(`stand-in state is inconsistent: ${what} ${id} is missing`);
  return value;
}

export function subscriptionJson(store: Store, sub: SubscriptionRecord) {
  const product = mustGet(store.products, sub.product_id, 'product');
  const { price_id: priceId, ...rest } = sub;
  return {
    ...rest,
    customer: mustGet(store.customers, sub.customer_id, 'customer'),
    product,
    discount: null,
    prices: product.prices.filter((p) => p.id === priceId),
    meters: [],
    pending_update: null,
  };
}

export function sessionJson(store: Store, session: SessionRecord, publicUrl: string) {
  return {
    ...session,
    modified_at: null,
    customer_portal_url: `${publicUrl}/portal/${session.token}`,
    customer: mustGet(store.customers, session.customer_id, 'customer'),
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

export function checkoutJson(store: Store, checkout: CheckoutRecord, publicUrl: string) {
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
    active_trial_interval: null,
    active_trial_interval_count: null,
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
    billing_address_fields: {
      country: 'required',
      state: 'disabled',
      city: 'disabled',
      postal_code: 'disabled',
      line1: 'disabled',
      line2: 'disabled',
    },
    trial_interval: null,
    trial_interval_count: null,
    metadata: checkout.metadata,
    external_customer_id: checkout.external_customer_id,
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
