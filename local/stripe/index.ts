// Offline stand-in for the part of Stripe's API a checkout / portal / webhook adapter uses,
// with a hosted Checkout page, a customer portal page and signed webhooks. The real `stripe`
// client (23.2.0, API version 2026-11-18.endive) talks to it unchanged:
// `new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http' })`.
// docs/fidelity.md ("Stripe stand-in") says what each part follows and what is left out.
import { createClock } from '../kit/clock.ts';
import { createSenderFaultInjector, type SenderFaults } from '../kit/sender-faults.ts';
import { serveOnLoopback } from '../kit/serve.ts';
import { apiAndClockControls, attemptsInOrder, closeStandIn, webhookControls, type ApiAndClockControls, type WebhookControls } from '../kit/stand-in-controls.ts';
import { createApiGuard, type Faults } from './api-guard.ts';
import { createApp } from './app.ts';
import { runPeriodEnds } from './billing/subscriptions.ts';
import type { StripeContext } from './context.ts';
import { createStripeStore } from './store.ts';
import type { PriceJson, ProductJson } from './types.ts';
import { createStripeWebhooks } from './webhooks.ts';

export { STRIPE_SEED_PRICE_IDS, STRIPE_SEED_PRODUCT_IDS } from './seed.ts';
export { stripeSignatureHeader } from './webhook-signer.ts';
export { STRIPE_DELIVERY_POLICY, STRIPE_EVENT_TYPES } from './webhooks.ts';
export { API_VERSION as STRIPE_API_VERSION } from './wire.ts';
export type { Faults, PriceJson, ProductJson, SenderFaults };

export interface StripeStandInOptions {
  /** 0 or undefined = ephemeral; the host is always 127.0.0.1. */
  port?: number;
  /** The one secret key the API accepts (`sk_test_…`). */
  secretKey: string;
  /** The endpoint's signing secret (`whsec_…`), used as is as the HMAC key. */
  webhookSecret: string;
  webhookUrl?: string;
  /** Journal file keeping customers, subscriptions, sessions and webhooks across restarts. */
  stateFile?: string;
  /** Base URL for hosted-page links; default http://127.0.0.1:<port>. */
  publicUrl?: string;
  /** Scales the retry schedule (1 h … 24 h between attempts): 1 = real time. */
  webhookRetryTimeFactor?: number;
}

/** One webhook attempt, as tests read them. */
export interface StripeDeliveryView {
  /** The Stripe event's id (`evt_…`), the same on every attempt. */
  eventId: string;
  type: string;
  /** HTTP status of the receiver's answer; null when none came. */
  status: number | null;
  succeeded: boolean;
  body: string;
  createdAt: string;
}

export interface StripeStandIn extends WebhookControls, ApiAndClockControls {
  url: string;
  products(): ProductJson[];
  prices(): PriceJson[];
  deliveries(): StripeDeliveryView[];
  close(): Promise<void>;
}

export async function startStripeStandIn(opts: StripeStandInOptions): Promise<StripeStandIn> {
  const store = createStripeStore(opts.stateFile);
  const clock = createClock();
  let timeFactor = opts.webhookRetryTimeFactor ?? 1;
  const senderFaults = createSenderFaultInjector();
  const webhooks = createStripeWebhooks({ store, clock, secret: opts.webhookSecret, url: opts.webhookUrl, timeFactor: () => timeFactor, senderFaults });
  const guard = createApiGuard(opts.secretKey);
  let url = '';
  const ctx: StripeContext = { store, webhooks, clock, publicUrl: () => (opts.publicUrl ?? url).replace(/\/$/, '') };
  clock.onAdvance(() => runPeriodEnds(ctx));
  const server = await serveOnLoopback(createApp(ctx, guard).fetch, opts.port);
  url = server.url;

  return {
    url,
    ...apiAndClockControls(guard, clock),
    ...webhookControls(webhooks, senderFaults, (factor) => {
      timeFactor = factor;
    }),
    products: () => store.products.values(),
    prices: () => store.prices.values(),
    deliveries: () =>
      attemptsInOrder(store.deliveries, store.events).map(({ delivery: d, event }) => ({
        eventId: (JSON.parse(event.payload) as { id: string }).id, type: event.type, status: d.http_code, succeeded: d.succeeded, body: event.payload, createdAt: d.created_at,
      })),
    close: () => closeStandIn(guard, webhooks, server),
  };
}
