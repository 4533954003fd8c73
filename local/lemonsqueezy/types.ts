// The Lemon Squeezy stand-in's records: what it keeps, in its own shape. wire.ts turns them into
// the JSON:API resource objects the API and the webhooks serve. Ids are numeric strings, as
// Lemon Squeezy's `data.id`; a checkout's id is a UUID, as Lemon Squeezy's is.
export interface StoreRecord {
  id: string;
  name: string;
  slug: string;
  created_at: string;
}

export interface ProductRecord {
  id: string;
  store_id: string;
  name: string;
  slug: string;
  description: string;
  created_at: string;
}

export interface VariantRecord {
  id: string;
  product_id: string;
  /** The variant's one price (the Price object's id, which subscriptions' items name). */
  price_id: string;
  name: string;
  slug: string;
  /** Cents, USD. */
  price: number;
  interval: 'month';
  sort: number;
  created_at: string;
}

export interface CheckoutRecord {
  id: string;
  store_id: string;
  variant_id: string;
  email: string | null;
  name: string | null;
  /** `checkout_data.custom`, carried into every order and subscription webhook's `meta.custom_data`. */
  custom: Record<string, unknown> | null;
  product_options: Record<string, unknown>;
  checkout_options: Record<string, unknown>;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set once paid: the hosted page then only redirects. */
  order_id: string | null;
}

export interface CustomerRecord {
  id: string;
  store_id: string;
  name: string;
  email: string;
  created_at: string;
  updated_at: string;
}

export interface OrderRecord {
  id: string;
  store_id: string;
  customer_id: string;
  identifier: string;
  order_number: number;
  variant_id: string;
  total: number;
  custom: Record<string, unknown> | null;
  created_at: string;
}

export type SubscriptionStatus = 'active' | 'cancelled' | 'expired';

export interface SubscriptionRecord {
  id: string;
  store_id: string;
  customer_id: string;
  order_id: string;
  variant_id: string;
  status: SubscriptionStatus;
  cancelled: boolean;
  renews_at: string;
  ends_at: string | null;
  /** Day of the month renewals keep. */
  billing_anchor: number;
  custom: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}
