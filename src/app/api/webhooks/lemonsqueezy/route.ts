import { serverEnv } from '@/env/server';
import { applyProviderWebhook, providerEventDetail } from '@/lib/billing/apply-provider-webhook';
import { readBodyText } from '@/lib/http/body';
import { badRequest, handleRouteError } from '@/lib/http/errors';
import { jsonResponse } from '@/lib/http/responses';
import { readLemonSqueezySubscription } from '@/lib/lemonsqueezy/read-subscription';
import { deliveryIdOf, InvalidLemonSqueezyWebhookError, parseLemonSqueezyEvent, verifyLemonSqueezySignature } from '@/lib/lemonsqueezy/webhook-events';
import { logError } from '@/lib/log';
import type { ProviderEvent } from '@/lib/payments/webhook-event';
import { storablePayload } from '@/lib/polar/storable-payload';
import { createAdminClient } from '@/lib/supabase/admin';

export const dynamic = 'force-dynamic';

const ROUTE = 'POST /api/webhooks/lemonsqueezy';
const MAX_BODY_BYTES = 256 * 1024;

/**
 * A subscription event's state, replaced by the subscription as Lemon Squeezy has it now (its
 * webhooks come unordered, timed only by the object's whole-second updated_at). No such
 * subscription there, or Lemon Squeezy not answering: the event's own object, ordered by its
 * updated_at — Lemon Squeezy retries a failed delivery only three times within minutes, so a
 * 500 here could lose a paid subscription for good.
 */
async function withFreshSubscription(event: ProviderEvent): Promise<ProviderEvent> {
  if (event.kind !== 'subscription' || !serverEnv.LEMONSQUEEZY_API_KEY || !serverEnv.LEMONSQUEEZY_STORE_ID) return event;
  const fresh = await readLemonSqueezySubscription(event.state.id).catch((error: unknown) => {
    logError(ROUTE, new Error(`Reading subscription ${event.state.id} afresh failed; the event's own state is applied`, { cause: error }));
    return null;
  });
  if (!fresh) return event;
  return { ...event, state: { ...fresh, claimedUserId: event.state.claimedUserId }, read: true };
}

/**
 * POST /api/webhooks/lemonsqueezy. 403 unless X-Signature is the body's HMAC under
 * LEMONSQUEEZY_WEBHOOK_SECRET; 400 for a signed body that is no Lemon Squeezy event; **200** for
 * every delivery taken — applied, a duplicate (the same body again) or stale, or kept without
 * being applied (a type the app does not act on, no such user, a conflict, an object missing a
 * field the app stores) — because Lemon Squeezy retries anything but a 200; 500 when the database
 * write failed, so it delivers again.
 */
export async function POST(request: Request) {
  const secret = serverEnv.LEMONSQUEEZY_WEBHOOK_SECRET;
  if (!secret) return jsonResponse({ received: false }, 403);
  let body: string;
  try {
    body = await readBodyText(request, MAX_BODY_BYTES);
    verifyLemonSqueezySignature(body, request.headers.get('x-signature'), secret);
  } catch (error) {
    if (error instanceof InvalidLemonSqueezyWebhookError) return jsonResponse({ received: false }, 403);
    return handleRouteError(error, ROUTE);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return handleRouteError(badRequest('Invalid webhook payload'), ROUTE);
  }
  const payload = storablePayload(parsed);
  const event = payload === null ? null : parseLemonSqueezyEvent(payload);
  if (!event || payload === null) return handleRouteError(badRequest('Invalid webhook payload'), ROUTE);

  const deliveryId = deliveryIdOf(body);
  try {
    const admin = createAdminClient();
    const outcome = await applyProviderWebhook(admin, 'lemonsqueezy', deliveryId, await withFreshSubscription(event), payload);
    if (outcome === 'unreadable' && event.kind === 'unreadable') logError(ROUTE, `UNREADABLE ${event.type} ${deliveryId} kept, not applied: ${event.problem}`);
    if (outcome === 'conflict') logError(ROUTE, `CONFLICT ${event.type} ${deliveryId} kept, not applied: ${await providerEventDetail(admin, 'lemonsqueezy', deliveryId)}`);
    return jsonResponse({ received: true, outcome }, 200);
  } catch (error) {
    logError(ROUTE, error);
    return jsonResponse({ received: false }, 500);
  }
}
