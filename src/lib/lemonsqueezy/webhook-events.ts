// A Lemon Squeezy webhook delivery (docs.lemonsqueezy.com/help/webhooks): `X-Signature` is the
// hex HMAC-SHA256 of the raw body with the webhook's signing secret, compared in constant time.
// Nothing else is signed — no id, no time — so a delivery is known by a digest of its body
// (a retry resends the same bytes) and ordered by the subscription's `updated_at`.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InvalidProviderWebhookError, type ProviderEvent } from '@/lib/payments/webhook-event';
import { asUserId, USER_ID_METADATA_KEY } from '@/lib/polar/app-user';
import { parseProblem } from '@/lib/polar/objects';
import { lemonSqueezySubscriptionSchema, lemonSqueezySubscriptionState } from './objects';

export class InvalidLemonSqueezyWebhookError extends InvalidProviderWebhookError {}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Throws unless `signature` is the body's HMAC under `secret` (lower-case hex, as Lemon Squeezy sends it). */
export function verifyLemonSqueezySignature(body: string, signature: string | null, secret: string): void {
  if (!signature || !HEX_SHA256.test(signature)) throw new InvalidLemonSqueezyWebhookError('X-Signature missing or not a hex SHA-256 HMAC');
  const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new InvalidLemonSqueezyWebhookError('X-Signature does not match the body');
}

/** The delivery's id: Lemon Squeezy sends none, and every retry sends the same body. */
export const deliveryIdOf = (body: string) => `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`;

/** Events whose `data` is the subscription itself (the subscription_payment_* ones carry an invoice). */
const SUBSCRIPTION_EVENTS = new Set([
  'subscription_created',
  'subscription_updated',
  'subscription_cancelled',
  'subscription_resumed',
  'subscription_expired',
  'subscription_paused',
  'subscription_unpaused',
]);

const envelope = z.object({
  // custom_data is what the checkout carried: anything but an object (a share link's `[]`) names no one.
  meta: z.object({ event_name: z.string().regex(/^[a-z_]{1,64}$/), custom_data: z.unknown().optional().transform((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)) }),
  data: z.object({ type: z.string(), id: z.string() }).passthrough(),
});
const orderSchema = z.object({ type: z.literal('orders'), attributes: z.object({ customer_id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String) }) });

/** Null when the verified body is not a Lemon Squeezy event at all. */
export function parseLemonSqueezyEvent(payload: unknown): ProviderEvent | null {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) return null;
  const { meta, data } = parsed.data;
  const type = meta.event_name;
  const customData = meta.custom_data ?? undefined;

  if (SUBSCRIPTION_EVENTS.has(type)) {
    const sub = lemonSqueezySubscriptionSchema.safeParse(data);
    if (!sub.success) return { kind: 'unreadable', type, problem: parseProblem(sub.error) };
    const state = lemonSqueezySubscriptionState(sub.data, customData);
    return { kind: 'subscription', type, state, eventAt: state.modifiedAt };
  }
  if (type === 'order_created') {
    const order = orderSchema.safeParse(data);
    if (!order.success) return { kind: 'unreadable', type, problem: parseProblem(order.error) };
    // The checkout's custom data names the user who bought: their customer is theirs.
    return { kind: 'customer', type, customerId: order.data.attributes.customer_id, claimedUserId: asUserId(customData?.[USER_ID_METADATA_KEY]) };
  }
  return { kind: 'other', type };
}
