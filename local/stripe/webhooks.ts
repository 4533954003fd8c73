// Stripe's webhook sending on the kit's delivery engine. Stripe documents (docs.stripe.com/webhooks,
// "Automatic retries"): in live mode, retries with exponential backoff for up to three days; the
// intervals are not published. The stand-in's schedule: 1 h, 2 h, 4 h, 8 h, 16 h, 24 h after each
// failure (7 attempts, the last 55 h after the first), scaled by the time factor. Each attempt is
// signed afresh (its own `t=`); the event body is serialised once and identical on every attempt.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { SenderFaultInjector } from '../kit/sender-faults.ts';
import type { StandInWebhooks } from '../kit/stand-in-controls.ts';
import { keepOneEndpoint } from '../kit/webhook-endpoint.ts';
import { createWebhookDelivery, type DeliveryPolicy } from '../kit/webhook-delivery.ts';
import { newId, unixSeconds } from './ids.ts';
import type { StripeStore } from './store.ts';
import { stripeSignatureHeader } from './webhook-signer.ts';
import { API_VERSION } from './wire.ts';

const HOUR = 3_600_000;

export const STRIPE_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 7,
  backoffMs: (failed) => Math.min(HOUR * 2 ** (failed - 1), 24 * HOUR),
  // Stripe emails about, and may disable, an endpoint failing for days; it publishes no count.
  disableAfter: Number.POSITIVE_INFINITY,
  timeoutMs: 10_000,
  maxResponseChars: 2_048,
};

export const STRIPE_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.created',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
] as const;
export type StripeEventType = (typeof STRIPE_EVENT_TYPES)[number];

/** The API request that caused an event; null for the hosted pages and the clock. */
export interface EventCause {
  id: string | null;
  idempotency_key: string | null;
}
export const NO_REQUEST: EventCause = { id: null, idempotency_key: null };

export interface StripeWebhooks extends StandInWebhooks {
  /** Serialises the event now (later changes never leak into it) and sends it. */
  send(type: StripeEventType, object: unknown, cause: EventCause, previousAttributes?: Record<string, unknown>): string;
}

export interface StripeWebhooksOptions {
  store: StripeStore;
  clock: Clock;
  secret: string;
  url?: string;
  timeFactor?: () => number;
  senderFaults?: SenderFaultInjector;
}

export function createStripeWebhooks(options: StripeWebhooksOptions): StripeWebhooks {
  const { store, clock } = options;
  const endpoint = keepOneEndpoint(store.endpoints, {
    newId: () => `we_${randomUUID().replaceAll('-', '')}`,
    secret: options.secret,
    url: options.url,
    events: [...STRIPE_EVENT_TYPES],
    now: () => clock.now().toISOString(),
  });

  const delivery = createWebhookDelivery({
    endpoints: store.endpoints,
    events: store.events,
    deliveries: store.deliveries,
    policy: STRIPE_DELIVERY_POLICY,
    now: () => clock.now(),
    timeFactor: options.timeFactor,
    senderFaults: options.senderFaults,
    // The signature's timestamp is real time: the receiver checks it against its own clock.
    sign: (target, event) => ({
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': stripeSignatureHeader({ secret: target.secret, body: event.payload }),
    }),
  });

  return {
    ...delivery,
    send(type, object, cause, previousAttributes) {
      const id = newId('evt');
      const event = {
        id,
        object: 'event',
        api_version: API_VERSION,
        created: unixSeconds(clock.now()),
        data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
        livemode: false,
        pending_webhooks: store.endpoints.values().filter((e) => e.enabled && e.events.includes(type)).length,
        request: cause,
        type,
      };
      // Stripe's bodies are pretty-printed JSON; the signature covers these exact bytes.
      delivery.emit(type, JSON.stringify(event, null, 2));
      return id;
    },
    endpoint: endpoint.current,
    setUrl: endpoint.setUrl,
  };
}
