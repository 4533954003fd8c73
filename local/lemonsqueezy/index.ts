// Offline stand-in for the part of Lemon Squeezy's API a checkout / portal / webhook adapter
// uses, with a hosted checkout page, a customer portal page and signed webhooks. The official
// client (@lemonsqueezy/lemonsqueezy.js 4.0.0) hard-codes https://api.lemonsqueezy.com and has no
// base-URL option; it calls the global fetch, so tests reroute that one origin to the stand-in at
// the fetch layer (tests/fixtures/lemonsqueezy-stand-in.ts) — every answer is still the stand-in's.
// docs/fidelity.md ("Lemon Squeezy stand-in") says what each part follows and what is left out.
import { createClock } from '../kit/clock.ts';
import { createSenderFaultInjector, type SenderFaults } from '../kit/sender-faults.ts';
import { serveOnLoopback } from '../kit/serve.ts';
import { apiAndClockControls, attemptsInOrder, closeStandIn, webhookControls, type ApiAndClockControls, type WebhookControls } from '../kit/stand-in-controls.ts';
import { createApiGuard, type Faults } from './api-guard.ts';
import { createApp } from './app.ts';
import { runPeriodEnds } from './billing/subscriptions.ts';
import type { LemonSqueezyContext } from './context.ts';
import { createLemonSqueezyStore } from './store.ts';
import { createLemonSqueezyWebhooks } from './webhooks.ts';

export { LEMONSQUEEZY_SEED_PRODUCT_IDS, LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS } from './seed.ts';
export { LINK_VALIDITY_MS as LEMONSQUEEZY_LINK_VALIDITY_MS } from './signed-links.ts';
export { lemonSqueezySignature } from './webhook-signer.ts';
export { LEMONSQUEEZY_DELIVERY_POLICY, LEMONSQUEEZY_EVENT_NAMES } from './webhooks.ts';
export type { Faults, SenderFaults };

export interface LemonSqueezyStandInOptions {
  /** 0 or undefined = ephemeral; the host is always 127.0.0.1. */
  port?: number;
  /** The one API key the API accepts (as `Authorization: Bearer <key>`). */
  apiKey: string;
  /** The webhook's signing secret: the HMAC key of `X-Signature`. */
  webhookSecret: string;
  webhookUrl?: string;
  /** Journal file keeping checkouts, customers, orders, subscriptions and webhooks across restarts. */
  stateFile?: string;
  /** Base URL for links and hosted pages; default http://127.0.0.1:<port>. */
  publicUrl?: string;
  /** Scales the retry schedule (5 s, 25 s, 125 s): 1 = real time. */
  webhookRetryTimeFactor?: number;
  /** The seeded store's id (default LEMONSQUEEZY_SEED_STORE_ID). */
  storeId?: string;
}

/** One webhook attempt, as tests read them. */
export interface LemonSqueezyDeliveryView {
  eventName: string;
  /** HTTP status of the receiver's answer; null when none came. */
  status: number | null;
  succeeded: boolean;
  body: string;
  createdAt: string;
}

export interface LemonSqueezyStandIn extends WebhookControls, ApiAndClockControls {
  url: string;
  deliveries(): LemonSqueezyDeliveryView[];
  close(): Promise<void>;
}

export async function startLemonSqueezyStandIn(opts: LemonSqueezyStandInOptions): Promise<LemonSqueezyStandIn> {
  const store = createLemonSqueezyStore(opts.stateFile, opts.storeId);
  const clock = createClock();
  let timeFactor = opts.webhookRetryTimeFactor ?? 1;
  const senderFaults = createSenderFaultInjector();
  const webhooks = createLemonSqueezyWebhooks({ store, clock, secret: opts.webhookSecret, url: opts.webhookUrl, timeFactor: () => timeFactor, senderFaults });
  const guard = createApiGuard(opts.apiKey);
  let url = '';
  // Links are signed with a key derived from the API key: stable across restarts (a journal's
  // links stay valid), never sent anywhere.
  const ctx: LemonSqueezyContext = { store, webhooks, clock, publicUrl: () => (opts.publicUrl ?? url).replace(/\/$/, ''), linkKey: `links:${opts.apiKey}` };
  clock.onAdvance(() => runPeriodEnds(ctx));
  const server = await serveOnLoopback(createApp(ctx, guard).fetch, opts.port);
  url = server.url;

  return {
    url,
    ...apiAndClockControls(guard, clock),
    ...webhookControls(webhooks, senderFaults, (factor) => {
      timeFactor = factor;
    }),
    deliveries: () =>
      attemptsInOrder(store.deliveries, store.events).map(({ delivery: d, event }) => ({
        eventName: event.type, status: d.http_code, succeeded: d.succeeded, body: event.payload, createdAt: d.created_at,
      })),
    close: () => closeStandIn(guard, webhooks, server),
  };
}
