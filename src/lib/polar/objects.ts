// What the app reads of Polar's objects, and nothing more. Polar's API keeps growing (new price
// and benefit types, nullable fields), and a parse of its whole schema fails on anything new —
// @polar-sh/sdk 0.47's closed unions did, dropping subscription webhooks. These schemas check
// only the fields the app stores or acts on, and let everything else through untouched. One
// schema per object serves webhook bodies and API answers alike (both are Polar's snake_case JSON).
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(200);

export const subscriptionSchema = z.looseObject({
  id,
  created_at: timestamp,
  modified_at: timestamp.nullable(),
  // Open: a status Polar adds later is stored as it is, and counts as not live.
  status: z.string().min(1).max(50),
  customer_id: id,
  product_id: id,
  // Only each price's id is read: its type (fixed, seat-based, metered…) does not matter here.
  prices: z.array(z.looseObject({ id })),
  current_period_start: timestamp,
  current_period_end: timestamp.nullable(),
  cancel_at_period_end: z.boolean(),
  canceled_at: timestamp.nullable(),
  ends_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  // Stored when present; a payload without them is still a subscription.
  trial_start: timestamp.nullable().optional(),
  trial_end: timestamp.nullable().optional(),
  started_at: timestamp.nullable().optional(),
  checkout_id: id.nullable().optional(),
  past_due_at: timestamp.nullable().optional(),
  // A change scheduled for the next period (a downgrade): which product, and when it applies.
  pending_update: z.looseObject({ applies_at: timestamp, product_id: id.nullable().optional() }).nullable().optional(),
  customer: z.looseObject({ external_id: z.string().nullable().optional() }),
});
export type PolarSubscription = z.infer<typeof subscriptionSchema>;

const benefitMetadata = z.record(z.string(), z.unknown());

/** One benefit grant, as benefit_grant.* events carry it (benefit/schemas.py BenefitGrantWebhook). */
export const benefitGrantSchema = z.looseObject({
  id,
  created_at: timestamp,
  modified_at: timestamp.nullable(),
  granted_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
  customer_id: id,
  benefit_id: id,
  subscription_id: id.nullable().optional(),
  customer: z.looseObject({ external_id: z.string().nullable().optional() }),
  // Any benefit type: only its description and metadata are read.
  benefit: z.looseObject({ description: z.string().nullable().optional(), metadata: benefitMetadata }),
});
export type PolarBenefitGrant = z.infer<typeof benefitGrantSchema>;

/** A customer's state (customer.state_changed, GET /v1/customers/{id}/state): what is granted now. */
export const customerStateSchema = z.looseObject({
  id,
  external_id: z.string().nullable(),
  granted_benefits: z.array(
    z.looseObject({
      id,
      benefit_id: id,
      granted_at: timestamp.nullable().optional(),
      benefit_metadata: benefitMetadata,
    }),
  ),
  active_subscriptions: z.array(z.looseObject({ id })),
});
export type PolarCustomerState = z.infer<typeof customerStateSchema>;

/** The entitlement key of a benefit: its metadata `key`, which each benefit in Polar should set. */
export function entitlementKey(metadata: Record<string, unknown>): string | undefined {
  const key = metadata.key;
  return typeof key === 'string' && /^[a-z0-9][a-z0-9_.:-]{0,62}$/i.test(key) ? key : undefined;
}

export const customerSchema = z.looseObject({
  id,
  external_id: z.string().nullable(),
  email: z.string().nullable().optional(),
});
export type PolarCustomer = z.infer<typeof customerSchema>;

export const checkoutSchema = z.looseObject({
  id,
  status: z.string(),
  customer_id: id.nullable(),
  external_customer_id: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()),
  url: z.string(),
});
export type PolarCheckout = z.infer<typeof checkoutSchema>;

export const productSchema = z.looseObject({
  id,
  name: z.string(),
  description: z.string().nullable(),
  is_archived: z.boolean(),
  recurring_interval: z.string().nullable(),
  recurring_interval_count: z.number().int().nullable().optional(),
  trial_interval: z.string().nullable().optional(),
  trial_interval_count: z.number().int().nullable().optional(),
  prices: z.array(z.looseObject({ id, amount_type: z.string(), is_archived: z.boolean().optional() })),
});
export type PolarProduct = z.infer<typeof productSchema>;

/** The fixed price a plan card can show: in cents, with its currency. */
export const fixedPriceSchema = z.looseObject({
  amount_type: z.literal('fixed'),
  price_amount: z.number().int().min(0),
  price_currency: z.string().min(3).max(3),
});

export const listSchema = <T extends z.ZodType>(item: T) =>
  z.looseObject({ items: z.array(item), pagination: z.looseObject({ total_count: z.number(), max_page: z.number() }) });

/** A short description of why a value is not the object expected, for the log. */
export function parseProblem(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
