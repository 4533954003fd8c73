// The Polar stand-in's API surface, checked by both real clients: what Polar's server does for
// lists, tokens and scopes, its rate limit and its API versions (docs/fidelity.md).
import { HTTPValidationError } from '@polar-sh/sdk/models/errors/httpvalidationerror.js';
import { SDKError } from '@polar-sh/sdk/models/errors/sdkerror.js';
import { PolarClientError, PolarRateLimitError } from 'polar-sdk-v1';
import { createPolar } from 'polar-sdk-v1/2026-10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../local/polar/index.ts';
import { payThroughHostedCheckout } from '../fixtures/polar-hosted-pages.ts';
import { startTestPolar, TEST_POLAR_TOKEN, type TestPolar } from '../fixtures/polar-stand-in.ts';
import { productSchema, subscriptionSchema } from '@/lib/polar/objects';

let polar: TestPolar;

beforeAll(async () => {
  polar = await startTestPolar();
});
afterAll(() => polar?.close());

const raw = (path: string, init: RequestInit & { token?: string | null } = {}) =>
  fetch(`${polar.standIn.url}${path}`, { ...init, headers: { ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? TEST_POLAR_TOKEN}` }), ...init.headers } });

describe('products', () => {
  it('lists the catalog for both clients, newest first, each product readable by the app', async () => {
    const old = await polar.sdk.products.list({ isArchived: false, isRecurring: true });
    expect(old.result.items.map((p) => p.name).sort()).toEqual(['Pro', 'Starter']);
    const page = await polar.api.products.list({ is_archived: false, is_recurring: true });
    expect(page.pagination).toEqual({ total_count: 2, max_page: 1 });
    for (const product of page.items) expect(productSchema.safeParse(product).success).toBe(true);
    expect(page.items[0]?.prices[0]).toMatchObject({ amount_type: 'fixed', price_amount: expect.any(Number), price_currency: 'usd' });
  });

  it('pages with Polar\'s defaults and clamps, and refuses what FastAPI refuses', async () => {
    const firstOfTwo = await polar.api.products.list({ limit: 1, page: 2 });
    expect(firstOfTwo.items).toHaveLength(1);
    expect(firstOfTwo.pagination).toEqual({ total_count: 2, max_page: 2 });
    expect((await (await raw('/v1/products/?limit=1000')).json()).pagination.max_page).toBe(1);
    for (const query of ['page=0', 'limit=0', 'limit=-1', 'page=one']) {
      const answer = await raw(`/v1/products/?${query}`);
      expect(answer.status, query).toBe(422);
      expect((await answer.json()).error).toBe('RequestValidationError');
    }
    await expect(polar.sdk.products.get({ id: 'not-a-uuid' })).rejects.toBeInstanceOf(HTTPValidationError);
  });
});

describe('tokens and scopes', () => {
  it('answers an unknown token 401 invalid_token and no token 401 Unauthorized, on any path', async () => {
    for (const path of ['/v1/products/', '/v1/nowhere']) {
      const answer = await raw(path, { token: 'polar_oat_guessed' });
      expect(answer.status).toBe(401);
      expect(await answer.text()).toBe('{"error": "invalid_token", "error_description": "The access token provided is expired, revoked, malformed, or invalid for other reasons."}');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="polar", error="invalid_token"/);
    }
    const anonymous = await raw('/v1/products/', { token: null });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'Unauthorized', detail: 'Unauthorized' });
  });

  it("refuses a token without the endpoint's scope with Polar's 403, which both clients surface", async () => {
    const token = polar.standIn.createToken(['products:read']);
    const answer = await raw('/v1/subscriptions/', { token });
    expect(answer.status).toBe(403);
    expect(await answer.text()).toBe('{"error": "insufficient_scope", "error_description": "The request requires higher privileges than provided by the access token."}');
    expect(answer.headers.get('www-authenticate')).toBe(
      'Bearer realm="polar", scope="subscriptions:read subscriptions:write", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token."',
    );
    const api = createPolar({ accessToken: token, baseUrl: polar.standIn.url });
    await expect(api.products.list()).resolves.toMatchObject({ items: expect.any(Array) });
    await expect(api.customerSessions.create({ external_customer_id: 'x' })).rejects.toMatchObject({ statusCode: 403 });
    const error = await api.subscriptions.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolarClientError);
    expect(JSON.stringify((error as PolarClientError).error)).toContain('insufficient_scope');
    // A write scope covers reads; a read scope never covers writes.
    const writer = createPolar({ accessToken: polar.standIn.createToken(['subscriptions:write']), baseUrl: polar.standIn.url });
    await expect(writer.subscriptions.list()).resolves.toMatchObject({ items: expect.any(Array) });
  });
});

describe('rate limit', () => {
  it("answers 429 with an empty body and Retry-After: 60 past the organization's limit, shared by its tokens", async () => {
    const other = polar.standIn.createToken(['products:read']);
    polar.standIn.setRateLimit(3);
    try {
      for (let i = 0; i < 2; i++) expect((await raw('/v1/products/')).status).toBe(200);
      expect((await raw('/v1/products/', { token: other })).status).toBe(200);
      const limited = await raw('/v1/products/');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(await limited.text()).toBe('');
      const error = await polar.api.products.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PolarRateLimitError);
      expect((error as PolarRateLimitError).retryAfter).toBe(60);
      await expect(polar.sdk.products.list({})).rejects.toBeInstanceOf(SDKError);
    } finally {
      polar.standIn.setRateLimit(null);
    }
  });
});

describe('API versions', () => {
  it('takes the version sdk 1.x sends, echoes it, and answers an unknown one 404', async () => {
    const answer = await raw('/v1/products/', { headers: { 'polar-version': '2026-10' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('polar-version')).toBe('2026-10');
    expect((await raw('/v1/products/')).headers.get('polar-version')).toBe('2026-04');
    const unknown = await raw('/v1/products/', { headers: { 'polar-version': '2031-01' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: 'Not Found' });
  });
});

describe('customer sessions', () => {
  it('open the portal by customer id or external id, with the return link, and refuse an unknown customer with a 422', async () => {
    const { checkout } = await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'portal-owner', email: 'portal-owner@billing-starter.dev' });
    const { customerId } = await polar.sdk.checkouts.get({ id: checkout.id });
    expect((await polar.sdk.customerSessions.create({ customerId: customerId! })).customerId).toBe(customerId);
    const session = await polar.sdk.customerSessions.create({ externalCustomerId: 'portal-owner', returnUrl: 'http://127.0.0.1:3000/billing' });
    expect(session.customer).toMatchObject({ id: customerId, externalId: 'portal-owner' });
    const page = await (await fetch(session.customerPortalUrl)).text();
    expect(page).toContain('Renews on');
    expect(page).toContain('href="http://127.0.0.1:3000/billing"');
    await expect(polar.sdk.customerSessions.create({ externalCustomerId: 'nobody' })).rejects.toBeInstanceOf(HTTPValidationError);
  });
});

describe('fault injection on /v1', () => {
  it('answers a chosen status, adds latency, or hangs until the client gives up', async () => {
    try {
      polar.standIn.setFaults({ status: 500 });
      await expect(polar.sdk.products.list({})).rejects.toBeInstanceOf(SDKError);
      expect((await fetch(`${polar.standIn.url}/checkout/whatever`)).status).toBe(404); // hosted pages unaffected

      polar.standIn.setFaults({ latencyMs: 100 });
      const started = performance.now();
      await polar.sdk.products.get({ id: SEED_PRODUCT_IDS.starter });
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);

      polar.standIn.setFaults({ hang: true });
      const impatient = createPolar({ accessToken: TEST_POLAR_TOKEN, baseUrl: polar.standIn.url, timeout: 0.2 });
      await expect(impatient.products.list()).rejects.toThrow(/timed? ?out|abort/i);
    } finally {
      polar.standIn.setFaults({});
    }
    polar.standIn.resetRequestCount();
    await polar.sdk.products.list({});
    expect(polar.standIn.requestCount()).toBe(1);
  });
});

describe('subscriptions', () => {
  it("filters by customer, external customer, product and `active` (trialing|active only), newest first, paged", async () => {
    const a = await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'filter-a', email: 'filter-a@billing-starter.dev' });
    const b = await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.pro, externalCustomerId: 'filter-b', email: 'filter-b@billing-starter.dev' });
    const [subA, subB] = await Promise.all([a, b].map(async ({ checkout }) => (await polar.api.subscriptions.list({ external_customer_id: checkout.externalCustomerId! })).items[0]!));
    expect(subscriptionSchema.parse(subA).customer.external_id).toBe('filter-a');
    expect((await polar.api.subscriptions.list({ customer_id: subB!.customer_id })).items.map((s) => s.id)).toEqual([subB!.id]);
    const pro = await polar.api.subscriptions.list({ product_id: SEED_PRODUCT_IDS.pro, external_customer_id: ['filter-a', 'filter-b'] });
    expect(pro.items.map((s) => s.id)).toEqual([subB!.id]);
    const both = await polar.api.subscriptions.list({ external_customer_id: ['filter-a', 'filter-b'], limit: 1 });
    expect(both.pagination).toEqual({ total_count: 2, max_page: 2 });
    expect(both.items[0]?.id).toBe(subB!.id); // -started_at

    await polar.api.subscriptions.revoke(subA!.id);
    const live = await polar.api.subscriptions.list({ external_customer_id: ['filter-a', 'filter-b'], active: true });
    expect(live.items.map((s) => s.id)).toEqual([subB!.id]);
    const ended = await polar.api.subscriptions.list({ external_customer_id: ['filter-a', 'filter-b'], active: false });
    expect(ended.items.map((s) => s.id)).toEqual([subA!.id]);
    const sorted = await raw('/v1/subscriptions/?sorting=-nonsense');
    expect(sorted.status).toBe(422);
    expect((await sorted.json()).error).toBe('PolarRequestValidationError');
  });

  it('cancels, resumes and revokes through the API with Polar\'s errors for what does not apply', async () => {
    const { checkout } = await payThroughHostedCheckout(polar.sdk, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: 'patch-me', email: 'patch-me@billing-starter.dev' });
    const [sub] = (await polar.api.subscriptions.list({ external_customer_id: checkout.externalCustomerId! })).items;
    await expect(polar.api.subscriptions.update(sub!.id, { cancel_at_period_end: false })).rejects.toMatchObject({ statusCode: 400 });
    const canceled = await polar.api.subscriptions.update(sub!.id, { cancel_at_period_end: true, customer_cancellation_reason: 'too_expensive' });
    expect(canceled).toMatchObject({ status: 'active', cancel_at_period_end: true, ends_at: canceled.current_period_end, customer_cancellation_reason: 'too_expensive' });
    await expect(polar.api.subscriptions.update(sub!.id, { cancel_at_period_end: true })).rejects.toMatchObject({ statusCode: 403 });
    expect(await polar.api.subscriptions.update(sub!.id, { cancel_at_period_end: false })).toMatchObject({ cancel_at_period_end: false, canceled_at: null, ends_at: null });
    const revoked = await polar.sdk.subscriptions.revoke({ id: sub!.id });
    expect(revoked).toMatchObject({ status: 'canceled' });
    expect(revoked.endedAt).toEqual(revoked.canceledAt);
    await expect(polar.api.subscriptions.revoke(sub!.id)).rejects.toMatchObject({ statusCode: 403, error: { error: 'AlreadyCanceledSubscription' } });
    const strayKey = await raw(`/v1/subscriptions/${sub!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cancel_at_period_end: true, extra: 1 }) });
    expect(strayKey.status).toBe(422);
  });
});
