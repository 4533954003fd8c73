import { serverEnv } from '@/env/server';
import { applyProviderWebhook, providerEventDetail } from '@/lib/billing/apply-provider-webhook';
import { readBodyText } from '@/lib/http/body';
import { badRequest, handleRouteError } from '@/lib/http/errors';
import { jsonResponse } from '@/lib/http/responses';
import { logError } from '@/lib/log';
import { storablePayload } from '@/lib/polar/storable-payload';
import type { ProviderEvent } from '@/lib/payments/webhook-event';
import { readStripeSubscription } from '@/lib/stripe/read-subscription';
import { InvalidStripeWebhookError, parseStripeEvent, verifyStripeWebhook } from '@/lib/stripe/webhook-events';
import { createAdminClient } from '@/lib/supabase/admin';

export const dynamic = 'force-dynamic';

const ROUTE = 'POST /api/webhooks/stripe';
const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /api/webhooks/stripe. 403 unless signed with STRIPE_WEBHOOK_SECRET within 5 minutes (the
 * library refuses a signed body that is not JSON too); 400 for a signed body that is no Stripe event; 200 once applied (or a duplicate / stale
 * state); 202 for events kept but not applied (a type the app does not act on, no such user, a
 * conflict, an object missing a field the app stores); 500 when the database write (or reading
 * the subscription from Stripe) failed, so Stripe delivers again.
 */
/**
 * A subscription event's state, replaced by the subscription as Stripe has it now: events come
 * out of order and are timed to the second, so the event's own object may be older than what is
 * stored (Stripe's advice: fetch the object). Stripe having no such subscription (another
 * account's event, one deleted since): the event's object. Stripe unreachable: the error, a 500.
 */
async function withFreshSubscription(event: ProviderEvent): Promise<ProviderEvent> {
  if (event.kind !== 'subscription' || !serverEnv.STRIPE_SECRET_KEY) return event;
  const fresh = await readStripeSubscription(event.state.id);
  if (!fresh) return event;
  return { ...event, state: { ...fresh, claimedUserId: fresh.claimedUserId ?? event.state.claimedUserId }, read: true };
}

export async function POST(request: Request) {
  const secret = serverEnv.STRIPE_WEBHOOK_SECRET;
  // Not configured for Stripe: nothing here can verify a delivery, so none is accepted.
  if (!secret) return jsonResponse({ received: false }, 403);
  let verified: unknown;
  try {
    const body = await readBodyText(request, MAX_BODY_BYTES);
    verified = verifyStripeWebhook(body, request.headers.get('stripe-signature'), secret);
  } catch (error) {
    if (error instanceof InvalidStripeWebhookError) return jsonResponse({ received: false }, 403);
    return handleRouteError(error, ROUTE);
  }

  const payload = storablePayload(verified);
  const parsed = payload === null ? null : parseStripeEvent(payload);
  if (!parsed || payload === null) return handleRouteError(badRequest('Invalid webhook payload'), ROUTE);

  try {
    const event = await withFreshSubscription(parsed.event);
    const admin = createAdminClient();
    const outcome = await applyProviderWebhook(admin, 'stripe', parsed.id, event, payload);
    if (outcome === 'unreadable' && parsed.event.kind === 'unreadable') logError(ROUTE, `UNREADABLE ${parsed.event.type} ${parsed.id} kept, not applied: ${parsed.event.problem}`);
    if (outcome === 'conflict') logError(ROUTE, `CONFLICT ${parsed.event.type} ${parsed.id} kept, not applied: ${await providerEventDetail(admin, 'stripe', parsed.id)}`);
    const kept = outcome === 'unmatched' || outcome === 'ignored' || outcome === 'unreadable' || outcome === 'conflict';
    return jsonResponse({ received: true, outcome }, kept ? 202 : 200);
  } catch (error) {
    // The database write or Stripe's read failed: a redelivery can succeed.
    logError(ROUTE, error);
    return jsonResponse({ received: false }, 500);
  }
}
