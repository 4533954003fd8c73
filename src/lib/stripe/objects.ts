// The fields of Stripe's objects the app reads, checked: a webhook's or an answer's object that
// lacks one is unreadable rather than half-applied. Stripe's API version pins the shapes: since
// 2025-03-31 (basil) the period lives on each subscription item, not on the subscription.
import { z } from 'zod';
import type { SubscriptionState } from '@/lib/payments/types';
import { asUserId, USER_ID_METADATA_KEY } from '@/lib/polar/app-user';

const unix = z.number().int().nonnegative();
const idOf = (prefix: string) => z.union([z.string().startsWith(prefix), z.object({ id: z.string().startsWith(prefix) }).transform((o) => o.id)]);
const metadata = z.record(z.string(), z.string()).catch({});

export const stripeSubscriptionSchema = z.object({
  id: z.string().startsWith('sub_'),
  object: z.literal('subscription'),
  customer: idOf('cus_'),
  status: z.enum(['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused']),
  cancel_at_period_end: z.boolean(),
  cancel_at: unix.nullable(),
  canceled_at: unix.nullable(),
  ended_at: unix.nullable(),
  start_date: unix,
  trial_start: unix.nullable(),
  trial_end: unix.nullable(),
  metadata,
  items: z.object({
    data: z
      .array(
        z.object({
          current_period_start: unix,
          current_period_end: unix,
          price: z.object({ id: z.string().startsWith('price_'), product: idOf('prod_') }),
        }),
      )
      .min(1),
  }),
});
export type StripeSubscription = z.infer<typeof stripeSubscriptionSchema>;

export const stripeCheckoutSessionSchema = z.object({
  id: z.string().startsWith('cs_'),
  object: z.literal('checkout.session'),
  mode: z.string(),
  customer: idOf('cus_').nullable(),
  client_reference_id: z.string().nullable(),
  metadata,
  url: z.string().nullable(),
});
export type StripeCheckoutSession = z.infer<typeof stripeCheckoutSessionSchema>;

const iso = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());

/**
 * A Stripe subscription in the app's terms. Stripe objects carry no modification time:
 * `modifiedAt` is the event's `created` for a webhook, the answer's time for an API read. A
 * subscription set to cancel ends at `cancel_at`; Stripe says `canceled_at` for when that was asked.
 */
export function stripeSubscriptionState(sub: StripeSubscription, modifiedAt: string): SubscriptionState {
  const item = sub.items.data[0]!;
  return {
    id: sub.id,
    customerId: sub.customer,
    status: sub.status,
    productId: item.price.product,
    priceId: item.price.id,
    currentPeriodStart: iso(item.current_period_start)!,
    currentPeriodEnd: iso(item.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end || sub.cancel_at !== null,
    canceledAt: iso(sub.canceled_at),
    endsAt: iso(sub.cancel_at ?? undefined),
    endedAt: iso(sub.ended_at),
    trialStart: iso(sub.trial_start),
    trialEnd: iso(sub.trial_end),
    startedAt: iso(sub.start_date),
    modifiedAt,
    // Checkout copies subscription_data.metadata, which the app sets from the server-side user.
    claimedUserId: asUserId(sub.metadata[USER_ID_METADATA_KEY]),
  };
}
