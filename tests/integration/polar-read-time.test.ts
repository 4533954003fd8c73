// When a state was read from Polar, by Polar's clock: the Date of its answer, seen through the
// fetch dispatcher the app installs (src/lib/polar/fetch-dispatch.ts). The stand-in answers
// with its own clock, which tests move forward, so the time read is Polar's and not the app's.
import { createPolar } from 'polar-sdk-v1/2026-10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPolarReadTime } from '@/lib/polar/answer-log';
import { configurePolarFetch } from '@/lib/polar/fetch-dispatch';
import { SEED_PRODUCT_IDS } from '../../local/polar/index.ts';
import { payThroughHostedCheckout } from '../fixtures/polar-hosted-pages.ts';
import { startTestPolar, TEST_POLAR_TOKEN, type TestPolar } from '../fixtures/polar-stand-in.ts';

const DAY = 24 * 60 * 60 * 1000;
let polar: TestPolar;

beforeAll(async () => {
  polar = await startTestPolar();
  configurePolarFetch({ rerouteTo: polar.standIn.url, timeoutMs: 10_000 });
});
afterAll(() => polar?.close());

describe('withPolarReadTime', () => {
  it("gives Polar's time of the read, to the second, whether the client names Polar's host or the stand-in's", async () => {
    const { checkout } = await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'read-time', email: 'read-time@billing-starter.dev' });
    await polar.standIn.advanceClock(40 * DAY);
    const clients = {
      // Polar's sandbox host, rerouted to the stand-in (what the @polar-sh/nextjs helpers call).
      sandbox: createPolar({ accessToken: TEST_POLAR_TOKEN, environment: 'sandbox' }),
      // The app's own client on the offline stack (POLAR_API_URL).
      direct: polar.api,
    };
    for (const [name, client] of Object.entries(clients)) {
      const before = polar.standIn.now().getTime();
      const { result, readAt } = await withPolarReadTime(() => client.subscriptions.list({ customer_id: checkout.customerId ?? undefined, limit: 10 }));
      const after = polar.standIn.now().getTime();
      expect(result.items, name).toHaveLength(1);
      expect(readAt, name).toBeDefined();
      const read = Date.parse(readAt!);
      // Whole seconds, never after the answer (up to two seconds before it, as uvicorn's), and
      // forty days ahead of the app's own clock.
      expect(read % 1000, name).toBe(0);
      expect(read, name).toBeGreaterThan(before - 2_000);
      expect(read, name).toBeLessThanOrEqual(after);
      expect(read - Date.now(), name).toBeGreaterThan(39 * DAY);
    }
  });

  it('gives the first page\'s time for a read over several pages, and none for a failed answer or another host', async () => {
    const pages = await withPolarReadTime(async () => {
      const first = await polar.api.subscriptions.list({ limit: 1 });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await polar.api.subscriptions.list({ limit: 1, page: 2 });
      return first;
    });
    expect(Date.parse(pages.readAt!)).toBeLessThanOrEqual(polar.standIn.now().getTime() - 2_100);
    const missing = await withPolarReadTime(() => polar.api.subscriptions.get('00000000-0000-4000-8000-000000000000').catch((error: unknown) => error));
    expect(missing.result).toBeInstanceOf(Error);
    expect(missing.readAt).toBeUndefined();
    const elsewhere = await withPolarReadTime(() => fetch(`${polar.receiver.url}/`).then((response) => response.status));
    expect(elsewhere.readAt).toBeUndefined();
  });
});
