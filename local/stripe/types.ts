// What the Stripe stand-in stores. Catalog objects are kept in their wire shape (seed data);
// the rest are records that wire.ts turns into the API's objects. `order` is the clock's
// millisecond stamp: Stripe lists newest first, and `created` (whole seconds) ties too often.

export interface PriceJson {
  id: string;
  object: 'price';
  active: boolean;
  billing_scheme: 'per_unit';
  created: number;
  currency: string;
  custom_unit_amount: null;
  livemode: false;
  lookup_key: string | null;
  metadata: Record<string, string>;
  nickname: string | null;
  product: string;
  recurring: { interval: 'day' | 'week' | 'month' | 'year'; interval_count: number; meter: null; trial_period_days: null; usage_type: 'licensed' } | null;
  tax_behavior: 'unspecified';
  tiers_mode: null;
  transform_quantity: null;
  type: 'recurring' | 'one_time';
  unit_amount: number;
  unit_amount_decimal: string;
}

export interface ProductJson {
  id: string;
  object: 'product';
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  images: string[];
  livemode: false;
  marketing_features: Array<{ name: string }>;
  metadata: Record<string, string>;
  name: string;
  package_dimensions: null;
  shippable: null;
  statement_descriptor: null;
  tax_code: null;
  tax_details: null;
  type: 'service';
  unit_label: null;
  updated: number;
  url: null;
}

export interface CustomerRecord {
  id: string;
  order: number;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Record<string, string>;
}

export type SubscriptionStatus = 'active' | 'canceled';

export interface SubscriptionRecord {
  id: string;
  order: number;
  created: number;
  customer: string;
  price_id: string;
  quantity: number;
  item_id: string;
  item_created: number;
  start_date: number;
  billing_cycle_anchor: number;
  /** Current period of the one item (since 2025-03-31.basil the period lives on the item). */
  current_period_start: number;
  current_period_end: number;
  status: SubscriptionStatus;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  cancellation_reason: 'cancellation_requested' | null;
  metadata: Record<string, string>;
}

export interface CheckoutSessionRecord {
  id: string;
  order: number;
  created: number;
  expires_at: number;
  mode: 'subscription';
  line_items: Array<{ price: string; quantity: number }>;
  success_url: string;
  cancel_url: string | null;
  client_reference_id: string | null;
  /** The customer passed in, or the one created when the session completed. */
  customer: string | null;
  customer_email: string | null;
  /** The email the buyer paid with (customer_details.email). */
  paid_email: string | null;
  metadata: Record<string, string>;
  subscription_metadata: Record<string, string>;
  status: 'open' | 'complete';
  subscription: string | null;
}

export interface PortalSessionRecord {
  id: string;
  order: number;
  created: number;
  customer: string;
  return_url: string | null;
  configuration: string;
  /** The secret in the portal URL; the session id is never in it. */
  token: string;
}
