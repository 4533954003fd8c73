// Wire shapes (Polar's snake_case JSON) the stand-in stores and serves.
// Field lists follow the inbound zod schemas of @polar-sh/sdk 0.47.1: every
// required key is present, nullable keys are present as null.

export type MetadataValue = string | number | boolean;
export type Metadata = Record<string, MetadataValue>;
export type RecurringInterval = 'day' | 'week' | 'month' | 'year';
export type SubscriptionStatus = 'active' | 'canceled';
export type CheckoutStatus = 'open' | 'confirmed' | 'succeeded';

export interface PriceJson {
  id: string;
  created_at: string;
  modified_at: string | null;
  source: 'catalog';
  amount_type: 'fixed';
  price_currency: string;
  tax_behavior: null;
  is_archived: boolean;
  product_id: string;
  price_amount: number;
}

export interface ProductJson {
  id: string;
  created_at: string;
  modified_at: string | null;
  name: string;
  description: string | null;
  visibility: 'public';
  organization_id: string;
  metadata: Metadata;
  trial_interval: null;
  trial_interval_count: null;
  recurring_interval: RecurringInterval;
  recurring_interval_count: number;
  is_recurring: boolean;
  is_archived: boolean;
  prices: PriceJson[];
  benefits: never[];
  medias: never[];
  attached_custom_fields: never[];
}

export interface CustomerJson {
  id: string;
  created_at: string;
  modified_at: string | null;
  metadata: Metadata;
  external_id: string | null;
  email: string;
  email_verified: boolean;
  type: 'individual';
  name: string | null;
  billing_address: null;
  tax_id: null;
  locale: null;
  organization_id: string;
  deleted_at: null;
  avatar_url: string;
}

/** A subscription without its joined objects (customer, product, prices). */
export interface SubscriptionRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  amount: number;
  currency: string;
  recurring_interval: RecurringInterval;
  recurring_interval_count: number;
  status: SubscriptionStatus;
  current_period_start: string;
  current_period_end: string;
  trial_start: null;
  trial_end: null;
  cancel_at_period_end: boolean;
  canceled_at: string | null;
  started_at: string | null;
  ends_at: string | null;
  ended_at: string | null;
  customer_id: string;
  product_id: string;
  price_id: string;
  discount_id: null;
  checkout_id: string | null;
  customer_cancellation_reason: null;
  customer_cancellation_comment: null;
  metadata: Metadata;
}

/** What the stand-in remembers of a checkout; the ~55-key wire object is derived. */
export interface CheckoutRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  status: CheckoutStatus;
  client_secret: string;
  expires_at: string;
  success_url: string | null; // null = Polar's own confirmation page
  return_url: string | null;
  product_ids: string[];
  product_id: string;
  customer_id: string | null;
  external_customer_id: string | null;
  customer_email: string | null;
  customer_name: string | null;
  metadata: Metadata;
  customer_metadata: Metadata;
  subscription_id: string | null;
}

export interface SessionRecord {
  id: string;
  token: string;
  created_at: string;
  expires_at: string;
  return_url: string | null;
  customer_id: string;
}

export interface PersistedState {
  customers: CustomerJson[];
  subscriptions: SubscriptionRecord[];
  checkouts: CheckoutRecord[];
  sessions: SessionRecord[];
  orderCount: number;
}
