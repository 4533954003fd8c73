// Offline stand-in for Polar's API, hosted checkout and customer portal.
// The real @polar-sh/sdk 0.47.1 talks to it unchanged (serverURL = standIn.url).
import { createApiGuard } from './api-guard.ts';
import type { Faults } from './api-guard.ts';
import { serveOnLoopback } from '../http/serve.ts';
import { createApp } from './app.ts';
import type { StandInContext } from './context.ts';
import { createStore } from './store.ts';
import type { ProductJson } from './types.ts';
import { createWebhookSender } from './webhook-sender.ts';
import type { Delivery } from './webhook-sender.ts';
import type { WebhookScheme } from './webhook-signer.ts';

export { SEED_PRICE_IDS, SEED_PRODUCT_IDS, ORGANIZATION_ID } from './seed.ts';
export { signWebhook } from './webhook-signer.ts';
export type { Delivery, Faults, ProductJson, WebhookScheme };

export interface PolarStandInOptions {
  /** 0 or undefined = ephemeral; the host is always 127.0.0.1. */
  port?: number;
  /** Bearer token required on every /v1 call. */
  accessToken: string;
  webhookSecret: string;
  /** raw (default): key = UTF-8 bytes of the whole secret; standard: base64 after "whsec_". */
  webhookScheme?: WebhookScheme;
  webhookUrl?: string;
  /** JSON file persisting customers, subscriptions, checkouts and sessions across restarts. */
  stateFile?: string;
  /** Base URL for hosted-page links; default http://127.0.0.1:<port>. */
  publicUrl?: string;
}

export interface PolarStandIn {
  url: string;
  products: ProductJson[];
  setWebhookUrl(url: string): void;
  setFaults(f: Faults): void;
  requestCount(): number;
  resetRequestCount(): void;
  deliveries(): Delivery[];
  /** Resends a delivery (same webhook-id and body, fresh signature); resolves to the HTTP status, 0 if none came. */
  redeliver(webhookId: string): Promise<number>;
  close(): Promise<void>;
}

export async function startPolarStandIn(opts: PolarStandInOptions): Promise<PolarStandIn> {
  const store = createStore(opts.stateFile);
  const webhooks = createWebhookSender({ secret: opts.webhookSecret, scheme: opts.webhookScheme ?? 'raw', url: opts.webhookUrl });
  const guard = createApiGuard(opts.accessToken);
  let url = '';
  const ctx: StandInContext = { store, webhooks, publicUrl: () => (opts.publicUrl ?? url).replace(/\/$/, '') };
  const app = createApp(ctx, guard);

  const server = await serveOnLoopback(app.fetch, opts.port);
  url = server.url;

  return {
    url,
    products: [...store.products.values()],
    setWebhookUrl: (next) => webhooks.setUrl(next),
    setFaults: (f) => guard.setFaults(f),
    requestCount: () => guard.requestCount(),
    resetRequestCount: () => guard.resetRequestCount(),
    deliveries: () => webhooks.deliveries(),
    redeliver: (id) => webhooks.redeliver(id),
    async close() {
      guard.releaseHung();
      // Let queued webhooks go out first so a test's last events are not lost.
      await webhooks.idle();
      await server.close();
    },
  };
}
