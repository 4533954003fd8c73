// A Stripe webhook delivery: verified with the official `stripe.webhooks.constructEvent`
// (Stripe-Signature `t=…,v1=…`, HMAC-SHA256 of `t.body`, at most 5 minutes old), then read into
// the events the app acts on. A timestamp more than 5 minutes ahead of this clock is refused too:
// the library only bounds the past.
import Stripe from 'stripe';
import { z } from 'zod';
import { asUserId } from '@/lib/polar/app-user';
import { parseProblem } from '@/lib/polar/objects';
import { InvalidProviderWebhookError, type ProviderEvent } from '@/lib/payments/webhook-event';
import { stripeCheckoutSessionSchema, stripeSubscriptionSchema, stripeSubscriptionState } from './objects';

export const STRIPE_TOLERANCE_SECONDS = 300;

export class InvalidStripeWebhookError extends InvalidProviderWebhookError {}

/** The verified event's JSON, not yet read (constructEvent has parsed it). */
export function verifyStripeWebhook(body: string, signature: string | null, secret: string, now = Date.now()): unknown {
  // Stripe sends exactly one `t=`, in whole seconds. The library takes the last one and parseInt's
  // it ("12abc" is 12), and bounds only its age: anything else is refused here first.
  const timestamps = (signature ?? '').split(',').filter((item) => item.split('=')[0] === 't').map((item) => item.slice(2));
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!)) throw new InvalidStripeWebhookError('Signature timestamp missing, repeated or not whole seconds');
  if (Number(timestamps[0]) * 1000 > now + STRIPE_TOLERANCE_SECONDS * 1000) throw new InvalidStripeWebhookError('Signature timestamp is in the future');
  try {
    return Stripe.webhooks.constructEvent(body, signature ?? '', secret, STRIPE_TOLERANCE_SECONDS, undefined, now);
  } catch (error) {
    // A bad signature, or a signed body that is not JSON: either way not a Stripe event.
    throw new InvalidStripeWebhookError(error instanceof Error ? error.message : 'Invalid Stripe webhook', { cause: error });
  }
}

const SUBSCRIPTION_EVENTS = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.pending_update_applied',
  'customer.subscription.pending_update_expired',
  'customer.subscription.trial_will_end',
]);

const envelope = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]{1,255}$/),
  object: z.literal('event'),
  type: z.string().min(1).max(100),
  created: z.number().int().positive(),
  data: z.object({ object: z.unknown() }),
});

/** Null when the verified body is not a Stripe event envelope at all. */
export function parseStripeEvent(payload: unknown): { id: string; event: ProviderEvent } | null {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) return null;
  const { id, type, created, data } = parsed.data;
  const eventAt = new Date(created * 1000).toISOString();

  if (SUBSCRIPTION_EVENTS.has(type)) {
    const sub = stripeSubscriptionSchema.safeParse(data.object);
    if (!sub.success) return { id, event: { kind: 'unreadable', type, problem: parseProblem(sub.error) } };
    // Stripe objects carry no modification time: the event's creation orders them.
    return { id, event: { kind: 'subscription', type, state: stripeSubscriptionState(sub.data, eventAt), eventAt } };
  }
  if (type === 'checkout.session.completed') {
    const session = stripeCheckoutSessionSchema.safeParse(data.object);
    if (!session.success) return { id, event: { kind: 'unreadable', type, problem: parseProblem(session.error) } };
    // Only a subscription checkout with a customer links one; any other is nothing to act on.
    if (session.data.mode !== 'subscription' || !session.data.customer) return { id, event: { kind: 'other', type } };
    return { id, event: { kind: 'customer', type, customerId: session.data.customer, claimedUserId: asUserId(session.data.client_reference_id) } };
  }
  return { id, event: { kind: 'other', type } };
}
