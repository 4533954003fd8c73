// Lemon Squeezy's webhook signature (docs.lemonsqueezy.com/help/webhooks/signing-requests):
// `X-Signature` is the hex HMAC-SHA256 of the raw request body keyed with the webhook's signing
// secret. No timestamp is signed, so a receiver can tell forged bodies, not replayed ones.
import { createHmac } from 'node:crypto';

/** The one signer: the stand-in and the tests both sign with it. */
export const lemonSqueezySignature = (secret: string, body: string) => createHmac('sha256', secret).update(body, 'utf8').digest('hex');
