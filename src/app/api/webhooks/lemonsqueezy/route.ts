import { serverEnv } from '@/env/server';
import { providerWebhookRoute } from '@/lib/billing/provider-webhook-route';
import { withFreshLemonSqueezySubscription } from '@/lib/lemonsqueezy/read-subscription';
import { deliveryIdOf, parseLemonSqueezyEvent, verifyLemonSqueezySignature } from '@/lib/lemonsqueezy/webhook-events';

export const dynamic = 'force-dynamic';

/**
 * POST /api/webhooks/lemonsqueezy. 403 unless X-Signature is the body's HMAC under
 * LEMONSQUEEZY_WEBHOOK_SECRET; 400 for a signed body that is no Lemon Squeezy event; **200** for
 * every delivery taken — applied, a duplicate (the same body again) or stale, or kept without
 * being applied (a type the app does not act on, no such user, a conflict, an object missing a
 * field the app stores) — because Lemon Squeezy retries anything but a 200; 500 when the database
 * write failed, so it delivers again.
 */
export const POST = providerWebhookRoute({
  provider: 'lemonsqueezy',
  secret: serverEnv.LEMONSQUEEZY_WEBHOOK_SECRET,
  verify(body, headers, secret) {
    verifyLemonSqueezySignature(body, headers.get('x-signature'), secret);
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  },
  // Lemon Squeezy sends no event id: a delivery is known by its body.
  parse: (payload, body) => {
    const event = parseLemonSqueezyEvent(payload);
    return event && { id: deliveryIdOf(body), event };
  },
  freshen: withFreshLemonSqueezySubscription,
  keptStatus: 200,
});
