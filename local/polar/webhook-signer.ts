import { Webhook } from 'standardwebhooks';

/**
 * raw: HMAC key = UTF-8 bytes of the whole secret string (what sdk 0.47's
 * validateEvent checks; Polar endpoints created before 2026-09-08).
 * standard: key = base64-decoded remainder after "whsec_" (Standard Webhooks).
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

export function webhookFor(secret: string, scheme: WebhookScheme = 'raw'): Webhook {
  // Wrapping the raw bytes in base64 makes the library use them verbatim as the key.
  return scheme === 'raw' ? new Webhook(Buffer.from(secret, 'utf-8').toString('base64')) : new Webhook(secret);
}

/** The one webhook signer: the stand-in and the tests both sign with it. */
export function signWebhook({ secret, scheme = 'raw', id, timestamp, body }: SignWebhookInput): WebhookHeaders {
  const at = timestamp === undefined ? new Date() : typeof timestamp === 'number' ? new Date(timestamp * 1000) : timestamp;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': webhookFor(secret, scheme).sign(id, at, body),
  };
}
