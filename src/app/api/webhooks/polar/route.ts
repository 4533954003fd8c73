import { serverEnv } from '@/env/server';
import { applyWebhook, conflictDetail } from '@/lib/billing/apply-webhook';
import { readBodyText } from '@/lib/http/body';
import { badRequest, handleRouteError } from '@/lib/http/errors';
import { jsonResponse } from '@/lib/http/responses';
import { logError } from '@/lib/log';
import { storablePayload } from '@/lib/polar/storable-payload';
import { polarNotSetUp } from '@/lib/polar/config';
import { parsePolarEvent } from '@/lib/polar/webhook-events';
import { InvalidWebhookError, verifyWebhook, webhookVerifiers } from '@/lib/polar/webhook-verify';
import { createAdminClient } from '@/lib/supabase/admin';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 256 * 1024;
// Without Polar's keys (another provider bills) this app has no Polar endpoint.
const verifiers = serverEnv.POLAR_WEBHOOK_SECRET === undefined ? null : webhookVerifiers(serverEnv.POLAR_WEBHOOK_SECRET);

/**
 * POST /api/webhooks/polar. 403 unless signed with our secret; 200 once applied (or known to
 * be a duplicate / stale); 202 for events kept but not applied (unknown type, no such user, a
 * payload missing a field the app stores); 500 when the database write failed, so Polar
 * delivers again. 404 in a deployment without Polar's keys.
 */
export async function POST(request: Request) {
  let delivery;
  try {
    if (!verifiers) throw polarNotSetUp();
    const body = await readBodyText(request, MAX_BODY_BYTES);
    delivery = verifyWebhook(body, request.headers, verifiers);
  } catch (error) {
    if (error instanceof InvalidWebhookError) return jsonResponse({ received: false }, 403);
    return handleRouteError(error, 'POST /api/webhooks/polar');
  }

  const payload = storablePayload(delivery.payload);
  const event = payload === null ? null : parsePolarEvent(payload);
  if (!event) return handleRouteError(badRequest('Invalid webhook payload'), 'POST /api/webhooks/polar');

  try {
    const admin = createAdminClient();
    const outcome = await applyWebhook(admin, delivery.id, event, payload);
    // Loud: this state was not applied, and only the reconciler (or a fix here) will bring it in.
    if (outcome === 'unreadable' && event.kind === 'unreadable') logError('POST /api/webhooks/polar', `UNREADABLE ${event.type} ${delivery.id} kept, not applied: ${event.problem}`);
    if (outcome === 'conflict') logError('POST /api/webhooks/polar', `CONFLICT ${event.type} ${delivery.id} kept, not applied: ${await conflictDetail(admin, delivery.id)}`);
    const kept = outcome === 'unmatched' || outcome === 'ignored' || outcome === 'unreadable' || outcome === 'conflict';
    return jsonResponse({ received: true, outcome }, kept ? 202 : 200);
  } catch (error) {
    logError('POST /api/webhooks/polar', error);
    return jsonResponse({ received: false }, 500);
  }
}
