import { serverEnv } from '@/env/server';
import { providerWebhookRoute } from '@/lib/billing/provider-webhook-route';
import { withFreshStripeSubscription } from '@/lib/stripe/read-subscription';
import { parseStripeEvent, verifyStripeWebhook } from '@/lib/stripe/webhook-events';

export const dynamic = 'force-dynamic';

/**
 * POST /api/webhooks/stripe. 403 unless signed with STRIPE_WEBHOOK_SECRET within 5 minutes (the
 * library refuses a signed body that is not JSON too); 400 for a signed body that is no Stripe
 * event; 200 once applied (or a duplicate / stale state); 202 for events kept but not applied (a
 * type the app does not act on, no such user, a conflict, an object missing a field the app
 * stores); 500 when the database write (or reading the subscription from Stripe) failed, so
 * Stripe delivers again.
 */
export const POST = providerWebhookRoute({
  provider: 'stripe',
  secret: serverEnv.STRIPE_WEBHOOK_SECRET,
  verify: (body, headers, secret) => verifyStripeWebhook(body, headers.get('stripe-signature'), secret),
  parse: (payload) => parseStripeEvent(payload),
  freshen: withFreshStripeSubscription,
  keptStatus: 202,
});
