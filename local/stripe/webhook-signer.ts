// Stripe's webhook signature (what stripe-node's Webhooks.js verifyHeader checks, and its
// generateTestHeaderString builds): `Stripe-Signature: t=<unix seconds>,v1=<hex>`, the hex an
// HMAC-SHA256 of `<t>.<raw body>` keyed with the UTF-8 bytes of the whole `whsec_…` string
// (no base64 decoding, unlike Standard Webhooks).
import { createHmac } from 'node:crypto';

export interface SignStripeWebhookInput {
  secret: string;
  body: string;
  /** A Date or unix seconds; defaults to now. */
  timestamp?: Date | number;
}

/** The one signer: the stand-in and the tests both sign with it. */
export function stripeSignatureHeader({ secret, body, timestamp }: SignStripeWebhookInput): string {
  const t = timestamp === undefined ? Math.floor(Date.now() / 1000) : typeof timestamp === 'number' ? timestamp : Math.floor(timestamp.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}
