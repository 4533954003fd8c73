// Polar's webhook sending on the kit's delivery engine, with Polar's rules
// (server/polar/webhook/tasks.py, service.py, config.py): the body is `{type, timestamp, data}`
// serialised once; `webhook-id` is the event id on every attempt and redelivery; the timestamp
// header and signature are made fresh per attempt; 10 s timeout; 10 attempts with dramatiq's
// backoff (2 s · 2^n · U(1,2), capped at 20 min · U(0.5,1)); an endpoint is switched off once its
// 10 newest settled events all failed.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../kit/clock.ts';
import type { SenderFaultInjector } from '../kit/sender-faults.ts';
import type { StandInWebhooks } from '../kit/stand-in-controls.ts';
import { keepOneEndpoint } from '../kit/webhook-endpoint.ts';
import { createWebhookDelivery, type DeliveryPolicy } from '../kit/webhook-delivery.ts';
import type { PolarStore } from './store.ts';
import { signWebhook, type WebhookScheme } from './webhook-signer.ts';

export const POLAR_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 10,
  backoffMs(failed) {
    const backoff = 2_000 * 2 ** failed * (1 + Math.random());
    const max = 20 * 60_000;
    return backoff > max ? max * (0.5 + Math.random() / 2) : backoff;
  },
  disableAfter: 10,
  timeoutMs: 10_000,
  maxResponseChars: 2_048,
};

/** What the stand-in's one endpoint receives: the events the README tells users to enable. */
export const ENDPOINT_EVENTS = [
  'checkout.created', 'checkout.updated', 'customer.created', 'customer.updated', 'customer.deleted',
  'customer.state_changed', 'subscription.created', 'subscription.updated', 'subscription.active',
  'subscription.canceled', 'subscription.uncanceled', 'subscription.revoked', 'subscription.past_due',
  'subscription.cycled', 'order.created', 'order.updated', 'order.paid', 'benefit_grant.created',
  'benefit_grant.updated', 'benefit_grant.revoked', 'benefit_grant.cycled',
];

export interface PolarWebhooks extends StandInWebhooks {
  /** Serialises `data` now (later changes never leak into it) and sends it to every endpoint. */
  send(type: string, data: unknown): void;
}

export interface PolarWebhooksOptions {
  store: PolarStore;
  clock: Clock;
  secret: string;
  scheme: WebhookScheme;
  url?: string;
  timeFactor?: () => number;
  senderFaults?: SenderFaultInjector;
}

export function createPolarWebhooks(options: PolarWebhooksOptions): PolarWebhooks {
  const { store, clock } = options;
  const endpoint = keepOneEndpoint(store.endpoints, { newId: randomUUID, secret: options.secret, url: options.url, events: ENDPOINT_EVENTS, now: () => clock.now().toISOString() });

  const delivery = createWebhookDelivery({
    endpoints: store.endpoints,
    events: store.events,
    deliveries: store.deliveries,
    policy: POLAR_DELIVERY_POLICY,
    now: () => clock.now(),
    timeFactor: options.timeFactor,
    senderFaults: options.senderFaults,
    // The signature's timestamp is real time: the receiver checks it against its own clock.
    sign: (target, event) => ({
      'content-type': 'application/json',
      'user-agent': 'polar.sh webhooks',
      ...signWebhook({ secret: target.secret, scheme: options.scheme, id: event.id, body: event.payload }),
    }),
    onEndpointDisabled: (disabled) => console.warn(`[polar stand-in] webhook endpoint ${disabled.url} disabled after ${POLAR_DELIVERY_POLICY.disableAfter} failed events`),
  });

  return {
    ...delivery,
    send(type, data) {
      delivery.emit(type, JSON.stringify({ type, timestamp: clock.now().toISOString(), data }));
    },
    endpoint: endpoint.current,
    setUrl: endpoint.setUrl,
  };
}
