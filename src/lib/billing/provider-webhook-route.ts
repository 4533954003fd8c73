import 'server-only';
// The POST handler of a Stripe or Lemon Squeezy webhook route: the body (at most 256 KB), the
// signature before anything of it is read, the event, the subscription read afresh, the write
// through the SQL functions, and the provider's statuses. Polar's route (src/app/api/webhooks/
// polar) has grants and snapshots besides, and stays on its own.
import { readBodyText } from '@/lib/http/body';
import { badRequest, handleRouteError } from '@/lib/http/errors';
import { jsonResponse } from '@/lib/http/responses';
import { logError } from '@/lib/log';
import type { PaymentProvider } from '@/lib/payments/types';
import { InvalidProviderWebhookError, type ProviderEvent } from '@/lib/payments/webhook-event';
import { storablePayload } from '@/lib/polar/storable-payload';
import type { Json } from '@/lib/supabase/database.types';
import { createAdminClient } from '@/lib/supabase/admin';
import { applyProviderWebhook, providerEventDetail } from './apply-provider-webhook';

const MAX_BODY_BYTES = 256 * 1024;

export interface ProviderWebhook {
  provider: Exclude<PaymentProvider, 'polar'>;
  /** The signing secret; unset, no delivery can be verified and none is accepted (403). */
  secret: string | undefined;
  /** The body's JSON once its signature holds (undefined when it is not JSON); InvalidProviderWebhookError otherwise. */
  verify(body: string, headers: Headers, secret: string): unknown;
  /** The event and the delivery's id, or null for a verified body that is no event of this provider. */
  parse(payload: Json, body: string): { id: string; event: ProviderEvent } | null;
  /** The event with its subscription as the provider has it now (see each provider's read-subscription). */
  freshen(event: ProviderEvent): Promise<ProviderEvent>;
  /** What a delivery kept without being applied is answered: Lemon Squeezy retries anything but 200. */
  keptStatus: 200 | 202;
}

export function providerWebhookRoute(webhook: ProviderWebhook): (request: Request) => Promise<Response> {
  const route = `POST /api/webhooks/${webhook.provider}`;
  return async function POST(request: Request) {
    const { secret } = webhook;
    if (!secret) return jsonResponse({ received: false }, 403);
    let body: string;
    let verified: unknown;
    try {
      body = await readBodyText(request, MAX_BODY_BYTES);
      verified = webhook.verify(body, request.headers, secret);
    } catch (error) {
      if (error instanceof InvalidProviderWebhookError) return jsonResponse({ received: false }, 403);
      return handleRouteError(error, route);
    }

    const payload = verified === undefined ? null : storablePayload(verified);
    const parsed = payload === null ? null : webhook.parse(payload, body);
    if (!parsed || payload === null) return handleRouteError(badRequest('Invalid webhook payload'), route);
    const { id, event } = parsed;

    try {
      const admin = createAdminClient();
      const outcome = await applyProviderWebhook(admin, webhook.provider, id, await webhook.freshen(event), payload);
      // Loud: this state was not applied, and nothing but a fix here will bring it in.
      if (outcome === 'unreadable' && event.kind === 'unreadable') logError(route, `UNREADABLE ${event.type} ${id} kept, not applied: ${event.problem}`);
      if (outcome === 'conflict') logError(route, `CONFLICT ${event.type} ${id} kept, not applied: ${await providerEventDetail(admin, webhook.provider, id)}`);
      const kept = outcome === 'unmatched' || outcome === 'ignored' || outcome === 'unreadable' || outcome === 'conflict';
      return jsonResponse({ received: true, outcome }, kept ? webhook.keptStatus : 200);
    } catch (error) {
      // The database write (or the provider's read) failed: a redelivery can succeed.
      logError(route, error);
      return jsonResponse({ received: false }, 500);
    }
  };
}
