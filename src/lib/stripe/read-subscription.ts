import 'server-only';
import Stripe from 'stripe';
import { serverEnv } from '@/env/server';
import type { ProviderEvent } from '@/lib/payments/webhook-event';
import { ProviderError, type SubscriptionState } from '@/lib/payments/types';
import { parseProblem } from '@/lib/polar/objects';
import { stripeClient } from './client';
import { stripeSubscriptionSchema, stripeSubscriptionState } from './objects';

/**
 * Stripe's answer in the app's terms, timed by its Date header: Stripe objects carry no
 * modification time, so the time of the read orders it (and `readAt` marks it a read).
 */
export function stateOfAnswer(answer: Stripe.Response<Stripe.Subscription>): SubscriptionState {
  const parsed = stripeSubscriptionSchema.safeParse(answer);
  if (!parsed.success) throw new ProviderError(`Stripe's subscription ${answer.id} is unreadable: ${parseProblem(parsed.error)}`);
  const date = Date.parse(answer.lastResponse?.headers?.date ?? '');
  const readAt = new Date(Number.isFinite(date) ? date : Date.now()).toISOString();
  return { ...stripeSubscriptionState(parsed.data, readAt), readAt };
}

/**
 * The subscription as Stripe has it now, or null when Stripe has no such subscription. Stripe
 * does not deliver events in order, and their `created` is in whole seconds, so a webhook's
 * object may be older than one already applied: Stripe's advice is to read the object afresh.
 */
export async function readStripeSubscription(subscriptionId: string): Promise<SubscriptionState | null> {
  try {
    return stateOfAnswer(await stripeClient().subscriptions.retrieve(subscriptionId));
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null;
    if (error instanceof ProviderError) throw error;
    throw new ProviderError(`Stripe could not be asked for subscription ${subscriptionId}`, { cause: error });
  }
}

/**
 * A subscription event with the subscription as Stripe has it now in place of the event's own
 * object. Stripe having no such subscription (another account's event, one deleted since): the
 * event as it is. Stripe unreachable: the error, so the route answers 500 and Stripe, which
 * retries for days, delivers again.
 */
export async function withFreshStripeSubscription(event: ProviderEvent): Promise<ProviderEvent> {
  if (event.kind !== 'subscription' || !serverEnv.STRIPE_SECRET_KEY) return event;
  const fresh = await readStripeSubscription(event.state.id);
  if (!fresh) return event;
  return { ...event, state: { ...fresh, claimedUserId: fresh.claimedUserId ?? event.state.claimedUserId }, read: true };
}
