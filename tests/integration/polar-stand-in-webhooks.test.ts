// How the Polar stand-in delivers webhooks, as Polar's worker does: retries on a backoff (here a
// thousand times faster), the same webhook-id and body each time with a fresh signature, a
// permanent failure after 10 attempts, the endpoint switched off after 10 failed events, and
// the deliveries / redeliver API over all of it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhooks as v1Webhooks } from 'polar-sdk-v1/2026-10';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_PRODUCT_IDS, startPolarStandIn } from '../../local/polar/index.ts';
import { polarWebhookSecret } from '../../local/polar/webhook-secret.ts';
import { eventually } from '../fixtures/app-users.ts';
import { payThroughHostedCheckout } from '../fixtures/polar-hosted-pages.ts';
import { startTestPolar, TEST_POLAR_TOKEN, verified, type TestPolar } from '../fixtures/polar-stand-in.ts';
import { Polar } from '@polar-sh/sdk';

let polar: TestPolar | undefined;
afterEach(async () => {
  await polar?.close();
  polar = undefined;
});

const pay = (p: TestPolar, who: string) => payThroughHostedCheckout(p.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: who, email: `${who}@billing-starter.dev` });

describe('signing', () => {
  it.each(['standard', 'raw'] as const)('signs every attempt under the %s scheme with a Polar-shaped whsec_ secret', async (scheme) => {
    polar = await startTestPolar({ webhookScheme: scheme });
    expect(polar.secret).toMatch(/^whsec_[0-9A-Za-z]{43}$/);
    await pay(polar, `signed-${scheme}`);
    await polar.standIn.idle();
    for (const hook of polar.receiver.received) {
      expect(verified(hook, polar.secret).type).toEqual(expect.any(String));
      // sdk 1.x tries both keys, like the app's verifier.
      await expect(v1Webhooks.validateEvent(hook.body, hook.headers, polar.secret)).resolves.toMatchObject({ type: expect.any(String) });
    }
  });
});

describe('retries', () => {
  it('retries a failed delivery with the same webhook-id and body and a fresh signature, until it is answered 2xx', async () => {
    polar = await startTestPolar();
    polar.receiver.respondWith(500);
    await pay(polar, 'retried');
    await eventually(async () => polar!.receiver.received.length >= 9 * 3);
    polar.receiver.respondWith(204);
    const created = polar.receiver.received.filter((hook) => hook.body.includes('"subscription.created"'));
    expect(new Set(created.map((hook) => hook.headers['webhook-id'])).size).toBe(1);
    expect(new Set(created.map((hook) => hook.body)).size).toBe(1);
    await eventually(async () => polar!.standIn.deliveries().some((d) => d.type === 'subscription.created' && d.succeeded));
    const attempts = polar.standIn.deliveries().filter((d) => d.type === 'subscription.created');
    expect(attempts.at(-1)).toMatchObject({ succeeded: true, status: 204 });
    expect(attempts.slice(0, -1).every((d) => d.status === 500 && !d.succeeded)).toBe(true);
    // Each attempt is signed anew (a signature older than 5 minutes would be refused).
    for (const hook of created) expect(verified(hook, polar.secret).id).toBe(created[0]!.headers['webhook-id']);
  });

  it('makes its scheduled retries at once when asked (a test starting clean of an earlier one\'s), and not again after', async () => {
    // Polar's real pace: the first retry would come seconds later, the next ones minutes later.
    polar = await startTestPolar({ webhookRetryTimeFactor: 1 });
    polar.receiver.respondWith(500);
    await pay(polar, 'flushed');
    await polar.standIn.idle();
    const failedFirst = polar.receiver.received.length;
    expect(failedFirst).toBeGreaterThan(0);
    polar.receiver.respondWith(204);
    polar.standIn.setWebhookRetryTimeFactor(0.001);
    polar.standIn.flushWebhookRetries();
    // Well before the first retry's 4 s backoff would have come round.
    await polar.standIn.settled(2_000);
    // Each event failed once and was delivered by its one flushed retry.
    expect(polar.receiver.received.length).toBe(2 * failedFirst);
    expect(polar.standIn.deliveries().filter((d) => d.succeeded)).toHaveLength(failedFirst);
  });

  it('gives up on an event after 10 attempts, and switches the endpoint off after 10 failed events', async () => {
    polar = await startTestPolar();
    polar.receiver.respondWith(503);
    // One payment sends a dozen events to the endpoint (checkout, customer, subscription, orders, grants).
    await pay(polar, 'disabled-1');
    await eventually(async () => !polar!.standIn.webhookEndpoint().enabled, 20_000);
    const endpoint = await polar.sdk.webhooks.getWebhookEndpoint({ id: polar.standIn.webhookEndpoint().id });
    expect(endpoint.enabled).toBe(false);

    // Polar lists the failed deliveries, newest first, with their event nested.
    const failures = [];
    for await (const delivery of polar.api.webhooks.iterListWebhookDeliveries({ succeeded: false, limit: 100 })) failures.push(delivery);
    expect(failures.every((d) => d.http_code === 503 && !d.succeeded)).toBe(true);
    const perEvent = new Map<string, number>();
    for (const delivery of failures) perEvent.set(delivery.webhook_event.id, (perEvent.get(delivery.webhook_event.id) ?? 0) + 1);
    // The endpoint went off once 10 events had each failed all 10 attempts; the rest were skipped.
    const exhausted = [...perEvent.entries()].filter(([, count]) => count === 10).map(([id]) => id);
    expect(exhausted.length).toBe(10);
    expect(failures.filter((d) => exhausted.includes(d.webhook_event.id)).every((d) => d.webhook_event.succeeded === false)).toBe(true);
    expect([...perEvent.values()].every((count) => count <= 10)).toBe(true);
    const old = await polar.sdk.webhooks.listWebhookDeliveries({ succeeded: false, limit: 5 });
    expect(old.result.items).toHaveLength(5);

    // While disabled, Polar records no events for the endpoint at all.
    const before = polar.standIn.deliveries().length;
    await pay(polar, 'disabled-2');
    await polar.standIn.idle();
    expect(polar.standIn.deliveries().length).toBe(before);

    // Re-enabled, it receives new events; a failed one comes back through redeliver (202).
    polar.receiver.respondWith(204);
    await polar.api.webhooks.updateWebhookEndpoint(endpoint.id, { enabled: true });
    const failed = failures.find((d) => exhausted.includes(d.webhook_event.id));
    await expect(polar.api.webhooks.redeliverWebhookEvent(failed!.webhook_event.id)).resolves.toBeNull();
    await polar.standIn.idle();
    const redelivered = polar.standIn.deliveries().filter((d) => d.webhookId === failed!.webhook_event.id);
    expect(redelivered.at(-1)).toMatchObject({ succeeded: true, status: 204 });
  });

  it('filters deliveries by event type, status class and time, as Polar\'s list does', async () => {
    polar = await startTestPolar();
    const from = new Date(Date.now() - 1000).toISOString();
    await pay(polar, 'listed');
    await polar.standIn.idle();
    const created = await polar.api.webhooks.listWebhookDeliveries({ event_type: 'subscription.created', http_code_class: '2xx', start_timestamp: from });
    expect(created.items.map((d) => d.webhook_event.type)).toEqual(['subscription.created']);
    const none = await polar.api.webhooks.listWebhookDeliveries({ end_timestamp: from });
    expect(none.items).toEqual([]);
    await expect(polar.api.webhooks.redeliverWebhookEvent('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('sender faults (the chaos suite\'s)', () => {
  const webhookIdsOf = (p: TestPolar) => p.receiver.received.map((hook) => hook.headers['webhook-id']!);

  it('drops, loses answers, times out, duplicates and holds back attempts, yet every event arrives once it settles', async () => {
    polar = await startTestPolar();
    polar.standIn.setWebhookSenderFaults({ seed: 7, drop: 0.1, abortAfterSend: 0.1, timeout: 0.1, duplicate: 0.2, delay: 0.2, maxDelayMs: 100 });
    await pay(polar, 'chaos-1');
    await pay(polar, 'chaos-2');
    await polar.standIn.settled();
    const counts = polar.standIn.webhookSenderFaultCounts();
    expect(Object.values(counts).every((count) => count > 0)).toBe(true);

    const events = new Set(polar.standIn.deliveries().map((d) => d.webhookId));
    const received = webhookIdsOf(polar);
    // At least once: every event reached the receiver, some more than once.
    expect(new Set(received)).toEqual(events);
    expect(received.length).toBeGreaterThan(events.size);
    // A dropped attempt never reached the receiver; a lost or late answer did, and was recorded as failed.
    const failed = polar.standIn.deliveries().filter((d) => d.status === null);
    expect(failed.length).toBe(counts.drop + counts['abort-after-send'] + counts.timeout);
    // Held-back attempts were overtaken: the receiver saw events out of creation order.
    const order = [...events];
    const firstSeen = [...new Set(received)].map((id) => order.indexOf(id));
    expect(firstSeen).not.toEqual([...firstSeen].sort((a, b) => a - b));
  });

  it('replays the same draws from the same seed, and stops with null', async () => {
    polar = await startTestPolar();
    polar.standIn.setWebhookSenderFaults({ seed: 42, drop: 0.5 });
    await pay(polar, 'seeded-1');
    await polar.standIn.settled();
    const first = polar.standIn.webhookSenderFaultCounts();
    polar.standIn.setWebhookSenderFaults(null);
    const before = polar.standIn.deliveries().length;
    await pay(polar, 'seeded-2');
    await polar.standIn.settled();
    // No faults: one successful attempt per new event.
    expect(polar.standIn.deliveries().slice(before).every((d) => d.succeeded)).toBe(true);
    expect(polar.standIn.webhookSenderFaultCounts()).toEqual(first);
  });
});

describe('state file', () => {
  it('appends one line per change instead of rewriting the file, and keeps everything across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polar-stand-in-'));
    const stateFile = join(dir, 'state.jsonl');
    const secret = polarWebhookSecret();
    try {
      const first = await startPolarStandIn({ accessToken: TEST_POLAR_TOKEN, webhookSecret: secret, stateFile });
      const client = new Polar({ accessToken: TEST_POLAR_TOKEN, serverURL: first.url });
      const { checkout } = await payThroughHostedCheckout(client, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'persist', email: 'persist@billing-starter.dev' });
      const lines = readFileSync(stateFile, 'utf8').split('\n').filter(Boolean).length;
      await client.customerSessions.create({ externalCustomerId: 'persist' });
      expect(readFileSync(stateFile, 'utf8').split('\n').filter(Boolean).length).toBe(lines + 1);
      await first.close();

      const second = await startPolarStandIn({ accessToken: TEST_POLAR_TOKEN, webhookSecret: secret, stateFile });
      try {
        const again = new Polar({ accessToken: TEST_POLAR_TOKEN, serverURL: second.url });
        expect((await again.checkouts.get({ id: checkout.id })).status).toBe('succeeded');
        const { result } = await again.subscriptions.list({ externalCustomerId: 'persist' });
        expect(result.items.map((s) => s.status)).toEqual(['active']);
        expect(second.webhookEndpoint().id).toBe(first.webhookEndpoint().id);
        // Links are rebuilt from the new port, not replayed from the old one.
        expect((await again.checkouts.get({ id: checkout.id })).url.startsWith(second.url)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
