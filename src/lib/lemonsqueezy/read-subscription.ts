import 'server-only';
import { getSubscription } from '@lemonsqueezy/lemonsqueezy.js';
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
