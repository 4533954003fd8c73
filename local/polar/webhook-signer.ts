import { Webhook } from 'standardwebhooks';

/**
 * standard (the default, as for every Polar endpoint created since 2026-09-08): HMAC key =
 * base64-decoded remainder after "whsec_" (Standard Webhooks).
 * raw: HMAC key = UTF-8 bytes of the whole secret string (what sdk 0.47's validateEvent
 * checks; endpoints created before 2026-09-08).
 */
export type WebhookScheme = 'raw' | 'standard';

export interface SignWebhookInput {
  secret: string;
  scheme?: WebhookScheme;
  id: string;
  /** A Date or unix seconds; defaults to now. */
  timestamp?: Date | number;
  body: string;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  [name: string]: string;
}

/** The HMAC key a scheme derives from a secret string. */
export function signingKey(secret: string, scheme: WebhookScheme): Buffer {
  if (scheme === 'raw') return Buffer.from(secret, 'utf-8');
  if (!secret.startsWith('whsec_')) throw new Error('the standard scheme needs a whsec_ secret');
  // Padded, unpadded or URL-safe: Buffer's base64 decoder reads all three.
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  if (key.length === 0) throw new Error('the whsec_ secret has no base64 key');
  return key;
}

export function webhookFor(secret: string, scheme: WebhookScheme = 'standard'): Webhook {
  return new Webhook(signingKey(secret, scheme), { format: 'raw' });
}

/** The one webhook signer: the stand-in and the tests both sign with it. */
export function signWebhook({ secret, scheme = 'standard', id, timestamp, body }: SignWebhookInput): WebhookHeaders {
  const at = timestamp === undefined ? new Date() : typeof timestamp === 'number' ? new Date(timestamp * 1000) : timestamp;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': webhookFor(secret, scheme).sign(id, at, body),
  };
}
