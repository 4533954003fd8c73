// The API objects, in the shapes of the API version stripe@23.2.0 pins (2026-11-18.endive:
// esm/apiVersion.js), field for field as the package's types (types under esm/resources/) and
// the stripe/openapi fixtures list them. Parts the stand-in does not model (invoices, payment
// methods, tax, discounts) carry the value Stripe gives an object without them: null or empty.
import type { StripeStore } from './store.ts';
import type { CheckoutSessionRecord, CustomerRecord, PortalSessionRecord, PriceJson, SubscriptionRecord } from './types.ts';

export const API_VERSION = '2026-11-18.endive';

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export function customerJson(c: CustomerRecord) {
  return {
    id: c.id,
    object: 'customer' as const,
    address: null,
    balance: 0,
    created: c.created,
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: c.description,
    discount: null,
    email: c.email,
    // Stripe derives a per-customer invoice number prefix; any 8 upper-case characters do here.
    invoice_prefix: c.id.slice(-8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: c.metadata,
    name: c.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none' as const,
    test_clock: null,
  };
}

/** The legacy `plan` view of a price, still on every subscription item. */
function planJson(price: PriceJson) {
  return {
    id: price.id,
    object: 'plan' as const,
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed' as const,
  };
}

export function subscriptionJson(store: StripeStore, s: SubscriptionRecord) {
  const price = store.prices.get(s.price_id);
  if (!price) throw new Error(`subscription ${s.id} names unknown price ${s.price_id}`);
  const item = {
    id: s.item_id,
    object: 'subscription_item' as const,
    billing_thresholds: null,
    created: s.item_created,
    current_period_end: s.current_period_end,
    current_period_start: s.current_period_start,
    discounts: [],
    metadata: {},
    plan: planJson(price),
    price,
    quantity: s.quantity,
    subscription: s.id,
    tax_rates: [],
  };
  return {
    id: s.id,
    object: 'subscription' as const,
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: s.billing_cycle_anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' as const }, type: 'flexible' as const, updated_at: s.created },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: s.cancel_at,
    cancel_at_period_end: s.cancel_at_period_end,
    canceled_at: s.canceled_at,
    cancellation_details: { comment: null, feedback: null, reason: s.cancellation_reason },
    collection_method: 'charge_automatically' as const,
    created: s.created,
    currency: price.currency,
    customer: s.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: s.ended_at,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' as const } },
    items: { object: 'list' as const, data: [item], has_more: false, total_count: 1, url: `/v1/subscription_items?subscription=${s.id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: s.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' as const },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: s.start_date,
    status: s.status,
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' as const } },
    trial_start: null,
  };
}

export function checkoutSessionJson(store: StripeStore, s: CheckoutSessionRecord, hostedUrl: string) {
  const amount = s.line_items.reduce((sum, line) => sum + (store.prices.get(line.price)?.unit_amount ?? 0) * line.quantity, 0);
  const complete = s.status === 'complete';
  return {
    id: s.id,
    object: 'checkout.session' as const,
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: s.cancel_url,
    client_reference_id: s.client_reference_id,
    client_secret: null,
    collected_information: complete ? { business_name: null, individual_name: null, shipping_details: null } : null,
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: 'usd',
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: s.customer,
    customer_account: null,
    // Subscription mode always makes a customer, so Checkout has no customer_creation setting.
    customer_creation: null,
    customer_details: complete
      ? { address: null, business_name: null, email: s.paid_email, individual_name: null, name: null, phone: null, tax_exempt: 'none' as const, tax_ids: [] }
      : null,
    customer_email: s.customer_email,
    discounts: [],
    expires_at: s.expires_at,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: s.metadata,
    mode: s.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always' as const,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: complete ? ('paid' as const) : ('unpaid' as const),
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: { allow_redisplay_filters: ['always'], payment_method_remove: null, payment_method_save: null },
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: s.status,
    submit_type: null,
    subscription: s.subscription,
    success_url: s.success_url,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page' as const,
    // The hosted page's URL only while the session can still be paid.
    url: complete ? null : hostedUrl,
    wallet_options: null,
  };
}

export function portalSessionJson(s: PortalSessionRecord, url: string) {
  return {
    id: s.id,
    object: 'billing_portal.session' as const,
    configuration: s.configuration,
    created: s.created,
    customer: s.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: s.return_url,
    url,
  };
}

/** A page of a Stripe list, newest first, after `starting_after` when given. */
export function listPage<T extends { id: string; order?: number; created: number }, J>(
  records: T[],
  { limit = 10, starting_after }: { limit?: number; starting_after?: string },
  url: string,
  toJson: (record: T) => J,
  onMissingCursor: (id: string) => Error,
): StripeList<J> {
  const sorted = [...records].sort((a, b) => (b.order ?? b.created) - (a.order ?? a.created));
  let start = 0;
  if (starting_after !== undefined) {
    const at = sorted.findIndex((r) => r.id === starting_after);
    if (at < 0) throw onMissingCursor(starting_after);
    start = at + 1;
  }
  const page = sorted.slice(start, start + limit);
  return { object: 'list', data: page.map(toJson), has_more: start + limit < sorted.length, url };
}
