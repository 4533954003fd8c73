// Verifies a Polar webhook delivery under both of Polar's signing schemes for one `whsec_…`
// secret, since the secret string does not tell which one its endpoint uses:
//  - endpoints created before 2026-09-08: the HMAC key is the UTF-8 bytes of the whole secret
//    (what @polar-sh/sdk 0.47's validateEvent checks);
//  - from then on (Standard Webhooks): the key is the base64-decoded remainder after `whsec_`.
// A match under either key is accepted, as Polar's newer SDKs do.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export class InvalidWebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhookError';
  }
}

export interface WebhookDelivery {
  id: string;
  /** The parsed JSON body: Polar's `{type, timestamp, data}` envelope, not yet validated. */
  payload: unknown;
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE_BASE64 = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * The Standard Webhooks key in a `whsec_` secret: its remainder, base64-decoded. Polar's
 * dashboards have shown the remainder padded and unpadded, and URL-safe alphabets are common
 * in secret generators, so all three are read; anything else (or an empty key) is no key.
 */
export function decodedSecretKey(secret: string): Uint8Array | null {
  if (!secret.startsWith('whsec_')) return null;
  const remainder = secret.slice('whsec_'.length);
  if (!STANDARD_BASE64.test(remainder) && !URL_SAFE_BASE64.test(remainder)) return null;
  const unpadded = remainder.replace(/=+$/, '');
  // A length of 4n+1 characters cannot come from any byte string.
  if (unpadded.length === 0 || unpadded.length % 4 === 1) return null;
  return new Uint8Array(Buffer.from(unpadded.replaceAll('-', '+').replaceAll('_', '/'), 'base64'));
}

/** The candidate verifiers for a secret: decoded key first (when it decodes), then raw bytes. */
export function webhookVerifiers(secret: string): Webhook[] {
  const verifiers: Webhook[] = [];
  const key = decodedSecretKey(secret);
  if (key) verifiers.push(new Webhook(key, { format: 'raw' }));
  verifiers.push(new Webhook(new TextEncoder().encode(secret), { format: 'raw' }));
  return verifiers;
}

/**
 * Checks the signature (and the 5-minute timestamp tolerance) of one delivery and parses its
 * JSON body. Throws InvalidWebhookError on any failure. The verifier that matched moves to
 * the front of `verifiers`.
 */
export function verifyWebhook(body: string, headers: Headers, verifiers: Webhook[]): WebhookDelivery {
  const signed = {
    'webhook-id': headers.get('webhook-id') ?? '',
    'webhook-timestamp': headers.get('webhook-timestamp') ?? '',
    'webhook-signature': headers.get('webhook-signature') ?? '',
  };
  if (!signed['webhook-id'] || !signed['webhook-timestamp'] || !signed['webhook-signature']) {
    throw new InvalidWebhookError('Missing webhook headers');
  }
  // Polar's ids are short; a huge one could not even be stored as the dedupe key.
  if (signed['webhook-id'].length > 256) throw new InvalidWebhookError('Invalid webhook-id');
  // standardwebhooks reads the timestamp with parseInt, which would take `123abc`, `+123` or `0123`.
  if (!/^(?:0|[1-9]\d{0,11})$/.test(signed['webhook-timestamp'])) throw new InvalidWebhookError('Invalid webhook-timestamp');

  let reason = 'No matching signature found';
  const matched = verifiers.findIndex((verifier) => {
    try {
      verifier.verify(body, signed, { jsonParse: false });
      return true;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      reason = error.message;
      return false;
    }
  });
  if (matched < 0) throw new InvalidWebhookError(reason);
  // An endpoint signs under one scheme: check its deliveries with that key first from now on,
  // rather than paying a failed HMAC and a thrown error on every one.
  if (matched > 0) verifiers.unshift(...verifiers.splice(matched, 1));

  try {
    return { id: signed['webhook-id'], payload: JSON.parse(body) as unknown };
  } catch {
    throw new InvalidWebhookError('Body is not JSON');
  }
}
