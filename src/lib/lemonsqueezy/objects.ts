// The fields of Lemon Squeezy's JSON:API resources the app reads, checked. Ids are numbers in
// attributes and strings as resource ids; the app stores them as strings. Times are ISO 8601
// with microseconds and Z.
import { z } from 'zod';
import type { SubscriptionState } from '@/lib/payments/types';
import { asUserId, USER_ID_METADATA_KEY } from '@/lib/polar/app-user';

const numericId = z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String);
const time = z.iso.datetime({ offset: true });

export const lemonSqueezySubscriptionSchema = z.object({
  type: z.literal('subscriptions'),
  id: z.string().regex(/^\d{1,20}$/),
  attributes: z.object({
    store_id: numericId,
    customer_id: numericId,
    product_id: numericId,
    variant_id: numericId,
    status: z.enum(['on_trial', 'active', 'paused', 'past_due', 'unpaid', 'cancelled', 'expired']),
    cancelled: z.boolean(),
    trial_ends_at: time.nullable(),
    renews_at: time.nullable(),
    ends_at: time.nullable(),
    created_at: time,
    updated_at: time,
    urls: z.object({ customer_portal: z.string().nullable().optional() }).optional(),
  }),
});
export type LemonSqueezySubscription = z.infer<typeof lemonSqueezySubscriptionSchema>;

/** The app's status for Lemon Squeezy's: `cancelled` is still paid for until `ends_at`. */
const STATUS: Record<LemonSqueezySubscription['attributes']['status'], string> = {
  on_trial: 'trialing',
  active: 'active',
  paused: 'paused',
  past_due: 'past_due',
  unpaid: 'unpaid',
  cancelled: 'active',
  expired: 'canceled',
};

/** `customData`: the checkout's `checkout_data.custom` (the webhook's `meta.custom_data`). */
export function lemonSqueezySubscriptionState(sub: LemonSqueezySubscription, customData?: Record<string, unknown>): SubscriptionState {
  const a = sub.attributes;
  const ending = a.status === 'cancelled' || a.cancelled;
  return {
    id: sub.id,
    customerId: a.customer_id,
    status: STATUS[a.status],
    productId: a.product_id,
    priceId: a.variant_id,
    // Lemon Squeezy tells when a period ends (renews_at), not when it began.
    currentPeriodEnd: (ending ? a.ends_at : a.renews_at) ?? undefined,
    cancelAtPeriodEnd: ending && a.status !== 'expired',
    endsAt: ending ? (a.ends_at ?? undefined) : undefined,
    endedAt: a.status === 'expired' ? (a.ends_at ?? a.updated_at) : undefined,
    trialEnd: a.trial_ends_at ?? undefined,
    startedAt: a.created_at,
    modifiedAt: a.updated_at,
    claimedUserId: asUserId(customData?.[USER_ID_METADATA_KEY]),
  };
}
