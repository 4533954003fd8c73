// The Polar stand-in, checked by the real @polar-sh/sdk: if the sdk parses a
// response or verifies a webhook, the app will accept it too.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Polar } from '@polar-sh/sdk';
import { HTTPValidationError } from '@polar-sh/sdk/models/errors/httpvalidationerror.js';
import { SDKError } from '@polar-sh/sdk/models/errors/sdkerror.js';
import { validateEvent } from '@polar-sh/sdk/webhooks';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PRODUCT_IDS, startPolarStandIn } from '../../local/polar/index.ts';
import type { PolarStandIn } from '../../local/polar/index.ts';
import { payThroughHostedCheckout, portalAction } from '../fixtures/polar-hosted-pages.ts';
import { startWebhookReceiver } from '../fixtures/polar-webhook-receiver.ts';
import type { ReceivedWebhook, WebhookReceiver } from '../fixtures/polar-webhook-receiver.ts';

const TOKEN = 'polar_oat_local_test_token';
// One secret string for both schemes, as Polar's `whsec_` secrets look the same either way.
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

let standIn: PolarStandIn;
let receiver: WebhookReceiver;
let polar: Polar;

const types = (hooks: ReceivedWebhook[]) => hooks.map((h) => (JSON.parse(h.body) as { type: string }).type);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  standIn = await startPolarStandIn({ accessToken: TOKEN, webhookSecret: SECRET, webhookUrl: receiver.url });
  polar = new Polar({ accessToken: TOKEN, serverURL: standIn.url });
});

afterAll(async () => {
  await standIn?.close();
  await receiver?.close();
});

describe('API through the real sdk', () => {
  it('lists the seeded products with fixed monthly prices', async () => {
    const page = await polar.products.list({ isArchived: false, isRecurring: true });
    expect(page.result.items.map((p) => [p.id, p.name])).toEqual([
      [SEED_PRODUCT_IDS.starter, 'Starter'],
      [SEED_PRODUCT_IDS.pro, 'Pro'],
    ]);
    expect(page.result.items[0]?.prices[0]).toMatchObject({ amountType: 'fixed', priceAmount: 900, priceCurrency: 'usd' });
    expect((await polar.products.get({ id: SEED_PRODUCT_IDS.pro })).recurringInterval).toBe('month');
  });

  it('creates and reads back an open checkout', async () => {
    const created = await polar.checkouts.create({
      products: [SEED_PRODUCT_IDS.pro],
      externalCustomerId: 'user-open',
      customerEmail: 'open@example.com',
      successUrl: 'http://127.0.0.1:3000/ok?checkout_id={CHECKOUT_ID}',
      metadata: { user_id: 'user-open' },
    });
    expect(created.url).toBe(`${standIn.url}/checkout/${created.clientSecret}`);
    const fetched = await polar.checkouts.get({ id: created.id });
    expect(fetched).toMatchObject({ status: 'open', externalCustomerId: 'user-open', customerId: null, subscriptionId: null });
    expect(fetched.metadata).toEqual({ user_id: 'user-open' });
  });

  it('rejects unknown products, unknown customers and bad tokens like Polar does', async () => {
    await expect(polar.checkouts.create({ products: ['00000000-0000-4000-8000-00000000dead'] })).rejects.toBeInstanceOf(HTTPValidationError);
    await expect(polar.customerSessions.create({ externalCustomerId: 'nobody' })).rejects.toBeInstanceOf(HTTPValidationError);
    await expect(polar.subscriptions.get({ id: 'missing' })).rejects.toThrow();
    for (const accessToken of ['wrong-token', undefined]) {
      const stranger = new Polar({ accessToken, serverURL: standIn.url });
      await expect(stranger.products.list({})).rejects.toMatchObject({ statusCode: 401 });
    }
  });
});

describe('hosted checkout and webhooks', () => {
  it('pays, redirects to the success URL, then sends three verifiable webhooks in order', async () => {
    receiver.clear();
    const { checkout, page, pay } = await payThroughHostedCheckout(polar, {
      productId: SEED_PRODUCT_IDS.starter,
      externalCustomerId: 'user-paid',
      email: 'paid@example.com',
      metadata: { user_id: 'user-paid' },
    });
    expect(page.status).toBe(200);
    expect(page.html).toContain('Starter');
    expect(page.html).toContain('$9.00');
    expect(page.html).toContain('paid@example.com');
    expect(pay).toEqual({ status: 303, location: `http://127.0.0.1:3000/billing/success?checkout_id=${checkout.id}` });

    const paid = await polar.checkouts.get({ id: checkout.id });
    expect(paid.status).toBe('succeeded');
    const hooks = await receiver.waitFor(3);
    expect(types(hooks)).toEqual(['subscription.created', 'subscription.active', 'order.paid']);
    for (const hook of hooks) expect(() => validateEvent(hook.body, hook.headers, SECRET)).not.toThrow();

    const created = validateEvent(hooks[0]!.body, hooks[0]!.headers, SECRET);
    expect(created.type).toBe('subscription.created');
    if (created.type !== 'subscription.created') return;
    expect(created.data).toMatchObject({ id: paid.subscriptionId, status: 'active', metadata: { user_id: 'user-paid' } });
    expect(created.data.customer).toMatchObject({ id: paid.customerId, externalId: 'user-paid', email: 'paid@example.com' });
    const order = validateEvent(hooks[2]!.body, hooks[2]!.headers, SECRET);
    expect(order.type === 'order.paid' && order.data.subscriptionId).toBe(paid.subscriptionId);

    const sub = await polar.subscriptions.get({ id: paid.subscriptionId! });
    expect(sub).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, customerId: paid.customerId });
    expect((await polar.customers.getExternal({ externalId: 'user-paid' })).id).toBe(paid.customerId);
    expect((await polar.customers.get({ id: paid.customerId! })).externalId).toBe('user-paid');
  });

  it('signs with the decoded key under the standard scheme', async () => {
    const other = await startWebhookReceiver();
    const standard = await startPolarStandIn({ accessToken: TOKEN, webhookSecret: SECRET, webhookScheme: 'standard', webhookUrl: other.url });
    try {
      const client = new Polar({ accessToken: TOKEN, serverURL: standard.url });
      await payThroughHostedCheckout(client, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'user-std', email: 'std@example.com' });
      const hooks = await other.waitFor(3);
      const verifier = new Webhook(SECRET); // strips whsec_ and base64-decodes the rest
      for (const hook of hooks) {
        expect(() => verifier.verify(hook.body, hook.headers)).not.toThrow();
        // sdk 0.47 only knows the raw key, which is why the app must try both.
        expect(() => validateEvent(hook.body, hook.headers, SECRET)).toThrow();
      }
    } finally {
      await standard.close();
      await other.close();
    }
  });

  it('redelivers a failed webhook with the same webhook-id and a fresh signature', async () => {
    receiver.clear();
    receiver.respondWith(500);
    await payThroughHostedCheckout(polar, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'user-retry', email: 'retry@example.com' });
    const [first] = await receiver.waitFor(3);
    receiver.respondWith(204);
    const id = first!.headers['webhook-id']!;
    expect(standIn.deliveries().find((d) => d.id === id)?.status).toBe(500);

    expect(await standIn.redeliver(id)).toBe(204);
    const again = (await receiver.waitFor(4))[3]!;
    expect(again.headers['webhook-id']).toBe(id);
    expect(again.body).toBe(first!.body);
    expect(() => validateEvent(again.body, again.headers, SECRET)).not.toThrow();
  });
});

describe('customer portal', () => {
  it('opens by customer id or external id, then cancels, resumes and revokes', async () => {
    receiver.clear();
    const { checkout } = await payThroughHostedCheckout(polar, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'user-portal', email: 'portal@example.com' });
    const { customerId, subscriptionId } = await polar.checkouts.get({ id: checkout.id });
    await receiver.waitFor(3);
    expect((await polar.customerSessions.create({ customerId: customerId! })).customerId).toBe(customerId);
    const session = await polar.customerSessions.create({ externalCustomerId: 'user-portal', returnUrl: 'http://127.0.0.1:3000/billing' });
    expect(session.customer).toMatchObject({ id: customerId, externalId: 'user-portal' });
    const portal = session.customerPortalUrl;
    const page = await (await fetch(portal)).text();
    expect(page).toContain('Renews on');
    expect(page).toContain('href="http://127.0.0.1:3000/billing"');

    const steps = [
      { action: 'cancel', events: ['subscription.updated', 'subscription.canceled'], expected: { status: 'active', cancelAtPeriodEnd: true }, text: 'Cancels on' },
      { action: 'uncancel', events: ['subscription.updated', 'subscription.uncanceled'], expected: { status: 'active', cancelAtPeriodEnd: false, canceledAt: null }, text: 'Renews on' },
      { action: 'revoke', events: ['subscription.updated', 'subscription.revoked'], expected: { status: 'canceled' }, text: 'Ended on' },
    ] as const;
    let lastModified = 0;
    for (const step of steps) {
      receiver.clear();
      expect(await portalAction(portal, subscriptionId!, step.action)).toEqual({ status: 303, location: new URL(portal).pathname });
      const hooks = await receiver.waitFor(2);
      expect(types(hooks)).toEqual(step.events);
      for (const hook of hooks) expect(() => validateEvent(hook.body, hook.headers, SECRET)).not.toThrow();
      const sub = await polar.subscriptions.get({ id: subscriptionId! });
      expect(sub).toMatchObject(step.expected);
      expect(sub.modifiedAt!.getTime()).toBeGreaterThan(lastModified);
      lastModified = sub.modifiedAt!.getTime();
      expect(await (await fetch(portal)).text()).toContain(step.text);
    }
    const revoked = await polar.subscriptions.get({ id: subscriptionId! });
    expect(revoked.endedAt).toEqual(revoked.modifiedAt);
  });
});

describe('fault injection on /v1', () => {
  it('answers a chosen status, adds latency, or hangs until the client gives up', async () => {
    try {
      standIn.setFaults({ status: 500 });
      await expect(polar.products.list({})).rejects.toBeInstanceOf(SDKError);
      expect((await fetch(`${standIn.url}/checkout/whatever`)).status).toBe(404); // hosted pages unaffected

      standIn.setFaults({ latencyMs: 100 });
      const started = performance.now();
      await polar.products.get({ id: SEED_PRODUCT_IDS.starter });
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);

      standIn.setFaults({ hang: true });
      const impatient = new Polar({ accessToken: TOKEN, serverURL: standIn.url, timeoutMs: 200 });
      await expect(impatient.products.list({})).rejects.toThrow(/timed out|timeout|abort/i);
    } finally {
      standIn.setFaults({});
    }
    standIn.resetRequestCount();
    await polar.products.list({});
    expect(standIn.requestCount()).toBe(1);
  });
});

describe('state file', () => {
  it('keeps customers, subscriptions and checkouts across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polar-stand-in-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startPolarStandIn({ accessToken: TOKEN, webhookSecret: SECRET, stateFile });
      const { checkout } = await payThroughHostedCheckout(new Polar({ accessToken: TOKEN, serverURL: first.url }), {
        productId: SEED_PRODUCT_IDS.starter,
        externalCustomerId: 'user-persist',
        email: 'persist@example.com',
      });
      await first.close();

      const second = await startPolarStandIn({ accessToken: TOKEN, webhookSecret: SECRET, stateFile });
      try {
        const client = new Polar({ accessToken: TOKEN, serverURL: second.url });
        const again = await client.checkouts.get({ id: checkout.id });
        expect(again.status).toBe('succeeded');
        expect((await client.subscriptions.get({ id: again.subscriptionId! })).status).toBe('active');
        expect((await client.customers.getExternal({ externalId: 'user-persist' })).email).toBe('persist@example.com');
        // Links are rebuilt from the new port, not replayed from the old one.
        expect(again.url.startsWith(second.url)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
