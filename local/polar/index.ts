// Offline stand-in for Polar's API, hosted checkout and customer portal, and webhooks. The real
// @polar-sh/sdk (0.47.1 for the helpers, 1.x for the app's own calls) talks to it unchanged.
// docs/fidelity.md says what each part follows in Polar's source and what is left out.
import { createClock } from '../kit/clock.ts';
import { createSenderFaultInjector, type SenderFaultCounts, type SenderFaults } from '../kit/sender-faults.ts';
import { serveOnLoopback } from '../kit/serve.ts';
import { apiAndClockControls, attemptsInOrder, closeStandIn, webhookControls, type ApiAndClockControls, type WebhookControls } from '../kit/stand-in-controls.ts';
import { createApiGuard, type Faults } from './api-guard.ts';
import { createApp } from './app.ts';
import { runDueBilling } from './billing/renewals.ts';
import type { StandInContext } from './context.ts';
import { createPolarStore, type OrganizationSettings } from './store.ts';
import type { CustomerRecord, ProductJson } from './types.ts';
import { createPolarWebhooks } from './webhooks.ts';
import type { WebhookScheme } from './webhook-signer.ts';

export { ALL_SCOPES } from './api-guard.ts';
export { monthlyProduct, ORGANIZATION_ID, SEED_PRICE_IDS, SEED_PRODUCT_IDS } from './seed.ts';
export { signWebhook } from './webhook-signer.ts';
export type { Faults, ProductJson, SenderFaultCounts, SenderFaults, WebhookScheme };

export interface PolarStandInOptions {
  /** 0 or undefined = ephemeral; the host is always 127.0.0.1. */
  port?: number;
  /** An organization access token with every scope (more, narrower ones: createToken). */
  accessToken: string;
  webhookSecret: string;
  /** standard (default): key = base64 after "whsec_"; raw: UTF-8 bytes of the whole secret (legacy). */
  webhookScheme?: WebhookScheme;
  webhookUrl?: string;
  /** Journal file keeping customers, subscriptions, checkouts, sessions and webhooks across restarts. */
  stateFile?: string;
  /** Base URL for hosted-page links; default http://127.0.0.1:<port>. */
  publicUrl?: string;
  /** Requests per minute for the organization (Polar: 100 sandbox, 500 production); null = none. */
  rateLimitPerMinute?: number | null;
  /** Scales Polar's retry schedule (4 s … 20 min): 1 = real time. */
  webhookRetryTimeFactor?: number;
}

/** One webhook attempt, as tests read them. */
export interface DeliveryView {
  /** The delivery's id; `webhookId` is the event's, sent as the `webhook-id` header. */
  id: string;
  webhookId: string;
  type: string;
  /** HTTP status of the receiver's answer; null when none came. */
  status: number | null;
  succeeded: boolean;
  body: string;
  createdAt: string;
}

export type CustomerRef = { customerId: string } | { externalId: string } | { email: string };

export interface PolarStandIn extends WebhookControls, ApiAndClockControls {
  url: string;
  products(): ProductJson[];
  /** Adds a product to the catalog (tests: price or benefit types the app cannot show). */
  addProduct(product: ProductJson): void;
  webhookSenderFaultCounts(): SenderFaultCounts;
  setRateLimit(perMinute: number | null): void;
  createToken(scopes: string[]): string;
  /** The scopes of an existing token; `ALL_SCOPES` restores the offline token's. */
  setTokenScopes(token: string, scopes: readonly string[]): void;
  setOrganizationSettings(settings: Partial<Omit<OrganizationSettings, 'id'>>): void;
  /** Renewals (and retries) of this customer's subscriptions fail until the card is replaced. */
  setPaymentFailing(customer: CustomerRef, failing: boolean): void;
  resetRequestCount(): void;
  deliveries(): DeliveryView[];
  /** Sends an event again and resolves to the status of that attempt (0 if none came). */
  redeliver(webhookId: string): Promise<number>;
  close(): Promise<void>;
}

export async function startPolarStandIn(opts: PolarStandInOptions): Promise<PolarStandIn> {
  const store = createPolarStore(opts.stateFile);
  const clock = createClock();
  let timeFactor = opts.webhookRetryTimeFactor ?? 1;
  const senderFaults = createSenderFaultInjector();
  const webhooks = createPolarWebhooks({ store, clock, secret: opts.webhookSecret, scheme: opts.webhookScheme ?? 'standard', url: opts.webhookUrl, timeFactor: () => timeFactor, senderFaults });
  const guard = createApiGuard(opts.accessToken, opts.rateLimitPerMinute ?? null);
  let url = '';
  const ctx: StandInContext = { store, webhooks, clock, publicUrl: () => (opts.publicUrl ?? url).replace(/\/$/, '') };
  clock.onAdvance(() => runDueBilling(ctx));
  const server = await serveOnLoopback(createApp(ctx, guard).fetch, opts.port);
  url = server.url;

  const findCustomer = (ref: CustomerRef): CustomerRecord | undefined =>
    'customerId' in ref ? store.customers.get(ref.customerId) : 'externalId' in ref ? store.customerByExternalId(ref.externalId) : store.customerByEmail(ref.email);

  return {
    url,
    ...apiAndClockControls(guard, clock),
    ...webhookControls(webhooks, senderFaults, (factor) => {
      timeFactor = factor;
    }),
    products: () => store.products.values(),
    addProduct: (product) => void store.products.put(product),
    webhookSenderFaultCounts: () => senderFaults.counts(),
    setRateLimit: (perMinute) => guard.setRateLimit(perMinute),
    createToken: (scopes) => guard.createToken(scopes),
    setTokenScopes: (token, scopes) => guard.setTokenScopes(token, scopes),
    setOrganizationSettings: (settings) => void store.updateSettings(settings),
    setPaymentFailing(ref, failing) {
      const customer = findCustomer(ref);
      if (!customer) throw new Error(`no Polar customer ${JSON.stringify(ref)}`);
      store.customers.put({ ...customer, payment_failing: failing });
    },
    resetRequestCount: () => guard.resetRequestCount(),
    deliveries: () =>
      attemptsInOrder(store.deliveries, store.events).map(({ delivery: d, event }) => ({
        id: d.id, webhookId: event.id, type: event.type, status: d.http_code, succeeded: d.succeeded, body: event.payload, createdAt: d.created_at,
      })),
    async redeliver(webhookId) {
      const before = new Set(store.deliveries.where('event_id', webhookId).map((d) => d.id));
      if (!webhooks.redeliver(webhookId)) throw new Error(`no webhook event ${webhookId}`);
      await webhooks.idle();
      const attempt = store.deliveries.where('event_id', webhookId).find((d) => !before.has(d.id));
      return attempt?.http_code ?? 0;
    },
    close: () => closeStandIn(guard, webhooks, server),
  };
}
