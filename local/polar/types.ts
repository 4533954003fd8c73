// What the Polar stand-in stores: Polar's own snake_case field names (server/polar/models/*,
// the API schemas in server/polar/*/schemas.py), so the wire objects are these records joined
// with their customer and product. Fields only the stand-in needs are marked "stand-in".

export type MetadataValue = string | number | boolean;
export type Metadata = Record<string, MetadataValue>;
export type RecurringInterval = 'day' | 'week' | 'month' | 'year';
/** server/polar/models/subscription.py SubscriptionStatus. */
export type SubscriptionStatus = 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';
export type CheckoutStatus = 'open' | 'expired' | 'confirmed' | 'succeeded' | 'failed';

/** A product price as the API returns it; the stand-in's catalog uses fixed prices. */
export interface PriceJson {
  id: string;
  created_at: string;
  modified_at: string | null;
  source: 'catalog' | 'ad_hoc';
  amount_type: string;
  price_currency: string;
  tax_behavior: string | null;
  is_archived: boolean;
  product_id: string;
  price_amount?: number;
  [field: string]: unknown;
}

export interface BenefitJson {
  id: string;
  created_at: string;
  modified_at: string | null;
  type: string;
  description: string;
  selectable: boolean;
  deletable: boolean;
  is_deleted: boolean;
  organization_id: string;
  metadata: Metadata;
  visibility: string;
  visibility_configurable: boolean;
  properties: Record<string, unknown>;
}

export interface ProductJson {
  id: string;
  created_at: string;
  modified_at: string | null;
  name: string;
  description: string | null;
  visibility: 'draft' | 'private' | 'public';
  organization_id: string;
  metadata: Metadata;
  trial_interval: RecurringInterval | null;
  trial_interval_count: number | null;
  recurring_interval: RecurringInterval | null;
  recurring_interval_count: number | null;
  meter_interval: RecurringInterval | null;
  meter_interval_count: number | null;
  is_recurring: boolean;
  is_archived: boolean;
  prices: PriceJson[];
  benefits: BenefitJson[];
  medias: unknown[];
  attached_custom_fields: unknown[];
}

export interface CustomerRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  metadata: Metadata;
  /** Write-once at Polar; cleared (kept in metadata `__external_id`) when deleted. */
  external_id: string | null;
  email: string;
  email_verified: boolean;
  type: 'individual';
  name: string | null;
  billing_name: string | null;
  billing_address: null;
  tax_id: null;
  locale: string | null;
  organization_id: string;
  default_payment_method_id: string | null;
  deleted_at: string | null;
  /** stand-in: renewals of this customer fail until a new payment method is added. */
  payment_failing: boolean;
}

/**
 * A change scheduled for the start of the next period (`proration_behavior: next_period`): the
 * unapplied SubscriptionUpdate row, as the Subscription exposes it (subscription/schemas.py
 * PendingSubscriptionUpdate).
 */
export interface PendingUpdateRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  applies_at: string;
  product_id: string | null;
  seats: number | null;
  units: number | null;
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
  trial_start: string | null;
  trial_end: string | null;
  cancel_at_period_end: boolean;
  canceled_at: string | null;
  started_at: string | null;
  ends_at: string | null;
  ended_at: string | null;
  past_due_at: string | null;
  pause_at_period_end: boolean;
  paused_at: string | null;
  resumes_at: string | null;
  customer_id: string;
  product_id: string;
  price_ids: string[];
  discount_id: null;
  checkout_id: string | null;
  seats: number | null;
  units: number | null;
  customer_cancellation_reason: string | null;
  customer_cancellation_comment: string | null;
  metadata: Metadata;
  custom_field_data: Record<string, unknown>;
  /** stand-in: the day of month periods renew on (Polar's anchor_day). */
  anchor_day: number;
  /** stand-in: failed renewal payments so far in this dunning run, and when the next one is. */
  dunning_attempts: number;
  next_payment_attempt_at: string | null;
  /** Absent in journals written before plan changes existed: read as null. */
  pending_update?: PendingUpdateRecord | null;
  /** stand-in: the net of the `prorate` billing entries waiting for the next invoice, in cents. */
  pending_proration?: number;
}

/** What the stand-in remembers of a checkout; the ~55-key wire object is derived. */
export interface CheckoutRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  status: CheckoutStatus;
  client_secret: string;
  expires_at: string;
  success_url: string | null;
  return_url: string | null;
  product_ids: string[];
  product_id: string;
  customer_id: string | null;
  external_customer_id: string | null;
  customer_email: string | null;
  customer_name: string | null;
  metadata: Metadata;
  customer_metadata: Metadata;
  /** Set only for a checkout that upgrades an existing free subscription (never by this stand-in). */
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

export interface OrderRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  status: 'pending' | 'paid' | 'refunded' | 'partially_refunded' | 'void';
  billing_reason: 'purchase' | 'subscription_create' | 'subscription_cycle' | 'subscription_update';
  /** Proration lines billed with this order (a plan change's credit and debit). */
  prorations?: Array<{ label: string; amount: number }>;
  amount: number;
  currency: string;
  customer_id: string;
  product_id: string;
  subscription_id: string | null;
  checkout_id: string | null;
  invoice_number: string;
  metadata: Metadata;
}

/** A benefit granted to a customer through one subscription (models/benefit_grant.py). */
export interface GrantRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  granted_at: string | null;
  revoked_at: string | null;
  customer_id: string;
  benefit_id: string;
  subscription_id: string;
}
