import 'server-only';
import { getSubscription } from '@lemonsqueezy/lemonsqueezy.js';
import { serverEnv } from '@/env/server';
import { logError } from '@/lib/log';
import type { ProviderEvent } from '@/lib/payments/webhook-event';
import { ProviderError, type SubscriptionState } from '@/lib/payments/types';
import { parseProblem } from '@/lib/polar/objects';
import { dataOf, lemonSqueezy, LemonSqueezyRefusal } from './client';
import { lemonSqueezySubscriptionSchema, lemonSqueezySubscriptionState } from './objects';

/** A subscription resource from an answer, in the app's terms, marked as read now (by this clock: the client shows no headers). */
export function stateOfDocument(document: unknown, what: string): SubscriptionState {
  const parsed = lemonSqueezySubscriptionSchema.safeParse((document as { data?: unknown } | null)?.data);
  if (!parsed.success) throw new ProviderError(`Lemon Squeezy's ${what} is unreadable: ${parseProblem(parsed.error)}`);
  return { ...lemonSqueezySubscriptionState(parsed.data), readAt: new Date().toISOString() };
}

/**
 * The subscription as Lemon Squeezy has it now, or null when it has no such subscription. Its
 * webhooks carry no event time and `updated_at` is whole seconds, so the event's own object may
 * be older than one already applied: it is read afresh, as for Stripe.
 */
export async function readLemonSqueezySubscription(subscriptionId: string): Promise<SubscriptionState | null> {
  lemonSqueezy();
  const what = `subscription ${subscriptionId} (GET /v1/subscriptions/{id})`;
  try {
    return stateOfDocument(dataOf(await getSubscription(subscriptionId), `reading ${what}`), what);
  } catch (error) {
    if (error instanceof LemonSqueezyRefusal && error.statusCode === 404) return null;
    throw error;
  }
}

/**
 * A subscription event with the subscription as Lemon Squeezy has it now in place of the event's
 * own object. No such subscription there, or Lemon Squeezy not answering: the event as it is,
 * ordered by its updated_at — Lemon Squeezy retries a failed delivery only three times within
 * minutes, so a 500 here could lose a paid subscription for good.
 */
export async function withFreshLemonSqueezySubscription(event: ProviderEvent): Promise<ProviderEvent> {
  if (event.kind !== 'subscription' || !serverEnv.LEMONSQUEEZY_API_KEY || !serverEnv.LEMONSQUEEZY_STORE_ID) return event;
  const fresh = await readLemonSqueezySubscription(event.state.id).catch((error: unknown) => {
    logError('lemonsqueezy webhook', new Error(`Reading subscription ${event.state.id} afresh failed; the event's own state is applied`, { cause: error }));
    return null;
  });
  if (!fresh) return event;
  return { ...event, state: { ...fresh, claimedUserId: event.state.claimedUserId }, read: true };
}
