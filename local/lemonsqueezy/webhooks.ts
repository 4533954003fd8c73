// Lemon Squeezy's webhook sending on the kit's delivery engine
// (docs.lemonsqueezy.com/help/webhooks/webhook-requests): a POST with `Content-Type:
// application/json`, `X-Event-Name` and `X-Signature`; only a 200 answer counts as captured ("If
// the response status is anything else, the webhook will be retried up to three more times using
// an exponential backoff strategy (e.g. 5 secs, 25 secs, 125 secs)"), then it has failed for good.
// The body is `{ meta: { event_name, custom_data?, test_mode, webhook_id }, data: <resource> }`,
// `custom_data` being the checkout's `checkout_data.custom` on every order and subscription event.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { SenderFaultInjector } from '../kit/sender-faults.ts';
import type { StandInWebhooks } from '../kit/stand-in-controls.ts';
import { keepOneEndpoint } from '../kit/webhook-endpoint.ts';
import { createWebhookDelivery, type DeliveryPolicy } from '../kit/webhook-delivery.ts';
import type { Resource } from './json-api.ts';
import type { LemonSqueezyStore } from './store.ts';
import { lemonSqueezySignature } from './webhook-signer.ts';

export const LEMONSQUEEZY_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 4,
  backoffMs: (failed) => 5_000 * 5 ** (failed - 1),
  accepts: (status) => status === 200,
  // Lemon Squeezy documents no switching off of a failing webhook.
  disableAfter: Number.POSITIVE_INFINITY,
  // Not documented; the same as the Stripe stand-in's.
  timeoutMs: 10_000,
  maxResponseChars: 2_048,
};

/** The events the stand-in sends (Lemon Squeezy has more: pauses, payments, license keys, …). */
export const LEMONSQUEEZY_EVENT_NAMES = [
  'order_created',
  'subscription_created',
  'subscription_updated',
  'subscription_cancelled',
  'subscription_resumed',
  'subscription_expired',
] as const;
export type LemonSqueezyEventName = (typeof LEMONSQUEEZY_EVENT_NAMES)[number];

export interface LemonSqueezyWebhooks extends StandInWebhooks {
  /** Serialises the event now (later changes never leak into it) and sends it. */
  send(event: LemonSqueezyEventName, data: Resource, customData: Record<string, unknown> | null): void;
}

export interface LemonSqueezyWebhooksOptions {
  store: LemonSqueezyStore;
  clock: Clock;
  secret: string;
  url?: string;
  timeFactor?: () => number;
  senderFaults?: SenderFaultInjector;
}

export function createLemonSqueezyWebhooks(options: LemonSqueezyWebhooksOptions): LemonSqueezyWebhooks {
  const { store, clock } = options;
  const endpoint = keepOneEndpoint(store.endpoints, {
    newId: () => randomUUID(),
    secret: options.secret,
    url: options.url,
    events: [...LEMONSQUEEZY_EVENT_NAMES],
    now: () => clock.now().toISOString(),
  });

  const delivery = createWebhookDelivery({
    endpoints: store.endpoints,
    events: store.events,
    deliveries: store.deliveries,
    policy: LEMONSQUEEZY_DELIVERY_POLICY,
    now: () => clock.now(),
    timeFactor: options.timeFactor,
    senderFaults: options.senderFaults,
    sign: (target, event) => ({
      'content-type': 'application/json',
      'x-event-name': event.type,
      'x-signature': lemonSqueezySignature(target.secret, event.payload),
    }),
  });

  return {
    ...delivery,
    send(event, data, customData) {
      const meta = { event_name: event, ...(customData ? { custom_data: customData } : {}), test_mode: true, webhook_id: endpoint.current().id };
      delivery.emit(event, JSON.stringify({ meta, data }));
    },
    endpoint: endpoint.current,
    setUrl: endpoint.setUrl,
  };
}
