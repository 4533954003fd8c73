// The Lemon Squeezy stand-in's API, driven and parsed by the official @lemonsqueezy/lemonsqueezy.js
// client (rerouted to the stand-in at the fetch layer, see the fixture): the store and catalog,
// checkouts, customers and subscriptions, JSON:API documents, pagination, filters, validation and
// error shapes, authentication, content negotiation and injected faults (docs/fidelity.md,
// "Lemon Squeezy stand-in").
import {
  cancelSubscription,
  createCheckout,
  getCheckout,
  getCustomer,
  getStore,
  getSubscription,
  getVariant,
  listCustomers,
  listProducts,
  listSubscriptions,
  listVariants,
  updateSubscription,
} from '@lemonsqueezy/lemonsqueezy.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEMONSQUEEZY_SEED_PRODUCT_IDS, LEMONSQUEEZY_SEED_STORE_ID, LEMONSQUEEZY_SEED_VARIANT_IDS, startLemonSqueezyStandIn } from '../../local/lemonsqueezy/index.ts';
import { payOnHostedPage, startTestLemonSqueezy, TEST_LEMONSQUEEZY_API_KEY, type TestLemonSqueezy } from '../fixtures/lemonsqueezy-stand-in.ts';

let t: TestLemonSqueezy;
beforeAll(async () => {
  t = await startTestLemonSqueezy();
});
afterAll(() => t?.close());

const JSON_API = 'application/vnd.api+json';
const STORE = LEMONSQUEEZY_SEED_STORE_ID;
const REDIRECT = 'https://app.example/billing/success';
const api = () => t.standIn.url;
const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${api()}${path}`, { ...init, headers: { accept: JSON_API, 'content-type': JSON_API, authorization: `Bearer ${TEST_LEMONSQUEEZY_API_KEY}`, ...init.headers } });

/** An error document's errors, as the client hands them over (`error.cause`). */
const errors = (status: number, detail: string, source?: object) => [{ detail, status: String(status), title: expect.any(String), ...(source ? { source } : {}) }];

/** The client's failed result: `{ statusCode, data: <error document>, error: Error(statusText, { cause: errors }) }`. */
function expectFailure(result: { statusCode: number | null; data: unknown; error: Error | null }, status: number, statusText: string, expected: unknown[]) {
  expect(result.statusCode).toBe(status);
  expect(result.error).toBeInstanceOf(Error);
  expect([result.error!.name, result.error!.message, result.error!.cause]).toEqual(['Lemon Squeezy Error', statusText, expected]);
  expect(result.data).toEqual({ jsonapi: { version: '1.0' }, errors: expected });
}

const LS_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
/** `iso` plus one calendar month, the day kept (clamped), in Lemon Squeezy's six-digit form. */
function plusMonth(iso: string): string {
  const d = new Date(iso);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 0)).getUTCDate();
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  return next.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

async function checkout(email: string, variant: string = LEMONSQUEEZY_SEED_VARIANT_IDS.starter) {
  const created = await createCheckout(STORE, variant, { checkoutData: { email, custom: { user_id: `user-${email}` } }, productOptions: { redirectUrl: REDIRECT } });
  expect(created.statusCode).toBe(201);
  return created.data!.data;
}

/** A paid checkout's customer and subscription, found through the API as an adapter would. */
async function paidSubscription(email: string, variant?: string) {
  const made = await checkout(email, variant);
  expect((await payOnHostedPage(made.attributes.url, email)).status).toBe(303);
  const customers = await listCustomers({ filter: { storeId: STORE, email } });
  const customer = customers.data!.data[0]!;
  const subs = await listSubscriptions({ filter: { storeId: STORE, userEmail: email } });
  return { customer, subscription: subs.data!.data[0]! };
}

describe('store and catalog', () => {
  it('serves the seed store as a JSON:API document', async () => {
    const store = await getStore(STORE);
    expect([store.statusCode, store.error]).toEqual([200, null]);
    expect(store.data).toEqual({
      jsonapi: { version: '1.0' },
      links: { self: `${api()}/v1/stores/${STORE}` },
      data: {
        type: 'stores',
        id: STORE,
        attributes: expect.objectContaining({ name: 'Billing Starter', slug: 'billing-starter', domain: 'billing-starter.lemonsqueezy.com', currency: 'USD', created_at: '2025-01-01T00:00:00.000000Z' }),
        relationships: expect.objectContaining({ products: { links: { related: `${api()}/v1/stores/${STORE}/products`, self: `${api()}/v1/stores/${STORE}/relationships/products` } } }),
        links: { self: `${api()}/v1/stores/${STORE}` },
      },
    });
  });

  it('lists the two products of the store with their monthly prices, and none for another store', async () => {
    const products = await listProducts({ filter: { storeId: STORE } });
    expect(products.statusCode).toBe(200);
    expect(products.data!.meta.page).toEqual({ currentPage: 1, from: 1, lastPage: 1, perPage: 10, to: 2, total: 2 });
    expect(products.data!.data.map((p) => [p.type, p.id, p.attributes.name, p.attributes.store_id, p.attributes.price, p.attributes.status, p.attributes.test_mode])).toEqual([
      ['products', LEMONSQUEEZY_SEED_PRODUCT_IDS.starter, 'Starter', Number(STORE), 900, 'published', true],
      ['products', LEMONSQUEEZY_SEED_PRODUCT_IDS.pro, 'Pro', Number(STORE), 2900, 'published', true],
    ]);
    const none = await listProducts({ filter: { storeId: 1 } });
    expect([none.data!.data, none.data!.meta.page]).toEqual([[], { currentPage: 1, from: null, lastPage: 1, perPage: 10, to: null, total: 0 }]);
  });

  it("lists a product's one subscription variant and retrieves it", async () => {
    const variants = await listVariants({ filter: { productId: LEMONSQUEEZY_SEED_PRODUCT_IDS.pro } });
    expect(variants.data!.data.map((v) => [v.id, v.attributes.product_id, v.attributes.price, v.attributes.is_subscription, v.attributes.interval, v.attributes.interval_count])).toEqual([
      [LEMONSQUEEZY_SEED_VARIANT_IDS.pro, Number(LEMONSQUEEZY_SEED_PRODUCT_IDS.pro), 2900, true, 'month', 1],
    ]);
    const one = await getVariant(LEMONSQUEEZY_SEED_VARIANT_IDS.starter);
    expect([one.statusCode, one.data!.data.type, one.data!.data.attributes.name, one.data!.data.attributes.price]).toEqual([200, 'variants', 'Monthly', 900]);
  });

  it('pages with page[number] and page[size], with first/last/prev/next links', async () => {
    const second = await listVariants({ page: { number: 2, size: 1 } });
    expect(second.data!.meta.page).toEqual({ currentPage: 2, from: 2, lastPage: 2, perPage: 1, to: 2, total: 2 });
    expect(second.data!.data.map((v) => v.id)).toEqual([LEMONSQUEEZY_SEED_VARIANT_IDS.pro]);
    const link = (n: number) => `${api()}/v1/variants?page%5Bnumber%5D=${n}&page%5Bsize%5D=1`;
    expect(second.data!.links).toEqual({ first: link(1), last: link(2), prev: link(1) });
    const first = await listVariants({ page: { size: 1 } });
    expect(first.data!.links).toEqual({ first: link(1), last: link(2), next: link(2) });
  });

  it('refuses a page size over 100, a filter the endpoint does not have and an include it cannot serve (400)', async () => {
    expectFailure(await listVariants({ page: { size: 101 } }), 400, 'Bad Request', errors(400, 'The page size must be an integer from 1 to 100.', { parameter: 'page[size]' }));
    expectFailure(await listProducts({ filter: { storeId: STORE, name: 'Pro' } as never }), 400, 'Bad Request', errors(400, 'Filter parameter name is not allowed.', { parameter: 'filter[name]' }));
    expectFailure(await getVariant(LEMONSQUEEZY_SEED_VARIANT_IDS.pro, { include: ['product'] }), 400, 'Bad Request', errors(400, 'Include path product is not allowed.', { parameter: 'include' }));
  });

  it('answers an unknown id and an unknown path with a JSON:API 404', async () => {
    const missing = errors(404, 'The requested resource could not be found.');
    expectFailure(await getStore(1), 404, 'Not Found', missing);
    expectFailure(await getVariant(99_999), 404, 'Not Found', missing);
    const unknownPath = await raw('/v1/nothing-here');
    expect([unknownPath.status, await unknownPath.json()]).toEqual([404, { jsonapi: { version: '1.0' }, errors: missing }]);
  });
});

describe('authentication and content negotiation', () => {
  it('answers a wrong or missing API key with 401 Unauthenticated', async () => {
    t.setApiKey('ls_test_wrong');
    try {
      expectFailure(await getStore(STORE), 401, 'Unauthorized', errors(401, 'Unauthenticated.'));
    } finally {
      t.setApiKey();
    }
    const anonymous = await fetch(`${api()}/v1/stores/${STORE}`, { headers: { accept: JSON_API } });
    expect([anonymous.status, anonymous.headers.get('content-type'), (await anonymous.json()).errors]).toEqual([401, JSON_API, errors(401, 'Unauthenticated.')]);
  });

  it('requires Accept: application/vnd.api+json (406) and Content-Type: application/vnd.api+json (415) on every request', async () => {
    const plainJson = await raw(`/v1/stores/${STORE}`, { headers: { accept: 'application/json' } });
    expect([plainJson.status, (await plainJson.json()).errors[0].title]).toEqual([406, 'Not Acceptable']);
    const jsonBody = await raw('/v1/checkouts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([jsonBody.status, (await jsonBody.json()).errors[0].title]).toEqual([415, 'Unsupported Media Type']);
    const noContentType = await fetch(`${api()}/v1/stores/${STORE}`, { headers: { accept: JSON_API, authorization: `Bearer ${TEST_LEMONSQUEEZY_API_KEY}` } });
    expect([noContentType.status, (await noContentType.json()).errors[0].title]).toEqual([415, 'Unsupported Media Type']);
    const ok = await raw(`/v1/stores/${STORE}`);
    expect([ok.status, ok.headers.get('content-type')]).toEqual([200, JSON_API]);
  });

  it('answers injected faults in the same error shape, then recovers', async () => {
    t.standIn.setFaults({ status: 503 });
    try {
      expectFailure(await getStore(STORE), 503, 'Service Unavailable', errors(503, 'Injected fault (HTTP 503)'));
    } finally {
      t.standIn.setFaults({});
    }
    expect((await getStore(STORE)).statusCode).toBe(200);
  });
});

describe('checkouts', () => {
  it('creates a checkout for a store variant with checkout_data and product_options, and retrieves it', async () => {
    const created = await createCheckout(STORE, LEMONSQUEEZY_SEED_VARIANT_IDS.pro, {
      checkoutData: { email: 'buyer@billing-starter.dev', custom: { user_id: 'user-123' } },
      productOptions: { redirectUrl: REDIRECT },
    });
    expect([created.statusCode, created.error]).toEqual([201, null]);
    const data = created.data!.data;
    expect(data.type).toBe('checkouts');
    expect(data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(data.attributes).toEqual({
      store_id: Number(STORE),
      variant_id: Number(LEMONSQUEEZY_SEED_VARIANT_IDS.pro),
      custom_price: null,
      product_options: expect.objectContaining({ redirect_url: REDIRECT, enabled_variants: [] }),
      checkout_options: expect.objectContaining({ embed: false, button_color: '#7047EB' }),
      checkout_data: { email: 'buyer@billing-starter.dev', name: '', billing_address: [], tax_number: '', discount_code: '', custom: { user_id: 'user-123' }, variant_quantities: [] },
      preview: false,
      expires_at: null,
      created_at: expect.stringMatching(LS_TIME),
      updated_at: data.attributes.created_at,
      test_mode: true,
      url: expect.stringMatching(new RegExp(`^${api()}/checkout/custom/${data.id}\\?signature=[0-9a-f]{64}$`)),
    });
    const again = await getCheckout(data.id);
    expect([again.statusCode, again.data!.data]).toEqual([200, data]);
  });

  it("carries custom data as the client sends it: the client snake_cases nested keys (userId → user_id)", async () => {
    const created = await createCheckout(STORE, LEMONSQUEEZY_SEED_VARIANT_IDS.starter, { checkoutData: { custom: { userId: 'user-9', plan_key: 'starter' } } });
    expect(created.data!.data.attributes.checkout_data.custom).toEqual({ user_id: 'user-9', plan_key: 'starter' });
  });

  it('validates what the API validates: relationships, the variant belongs to the store, email, custom, redirect_url (422 with pointers)', async () => {
    const pointer = (p: string, detail: string) => errors(422, detail, { pointer: p });
    expectFailure(await createCheckout(STORE, 99_999), 422, 'Unprocessable Entity', pointer('/data/relationships/variant', 'The selected variant is invalid.'));
    expectFailure(await createCheckout(1, LEMONSQUEEZY_SEED_VARIANT_IDS.pro), 422, 'Unprocessable Entity', pointer('/data/relationships/store', 'The selected store is invalid.'));
    expectFailure(
      await createCheckout(STORE, LEMONSQUEEZY_SEED_VARIANT_IDS.pro, { checkoutData: { email: 'not-an-email' } }),
      422, 'Unprocessable Entity', pointer('/data/attributes/checkout_data/email', 'The checkout data.email must be a valid email address.'),
    );
    expectFailure(
      await createCheckout(STORE, LEMONSQUEEZY_SEED_VARIANT_IDS.pro, { productOptions: { redirectUrl: 'javascript:alert(1)' } }),
      422, 'Unprocessable Entity', pointer('/data/attributes/product_options/redirect_url', 'The redirect_url field must be a valid URL.'),
    );
    expectFailure(
      await createCheckout(STORE, LEMONSQUEEZY_SEED_VARIANT_IDS.pro, { checkoutData: { custom: 'user-1' as never } }),
      422, 'Unprocessable Entity', pointer('/data/attributes/checkout_data/custom', 'The custom field must be an object.'),
    );
    // The client always sends both relationships; a bare request shows each one is required.
    const bare = await raw('/v1/checkouts', { method: 'POST', body: JSON.stringify({ data: { type: 'checkouts', attributes: {} } }) });
    expect([bare.status, (await bare.json()).errors]).toEqual([422, pointer('/data/relationships/store', 'The store field is required.')]);
    const noVariant = await raw('/v1/checkouts', { method: 'POST', body: JSON.stringify({ data: { type: 'checkouts', relationships: { store: { data: { type: 'stores', id: STORE } } } } }) });
    expect([noVariant.status, (await noVariant.json()).errors]).toEqual([422, pointer('/data/relationships/variant', 'The variant field is required.')]);
    const wrongType = await raw('/v1/checkouts', { method: 'POST', body: JSON.stringify({ data: { type: 'orders' } }) });
    expect([wrongType.status, (await wrongType.json()).errors[0].source]).toEqual([409, { pointer: '/data/type' }]);
  });
});

describe('customers', () => {
  it('answers an unknown customer with a 404', async () => {
    expectFailure(await getCustomer(99_999), 404, 'Not Found', errors(404, 'The requested resource could not be found.'));
  });

  it('creates the customer at checkout, with a signed portal link valid for 24 hours, found by email', async () => {
    const { customer } = await paidSubscription('portal@billing-starter.dev');
    const one = await getCustomer(customer.id);
    expect(one.statusCode).toBe(200);
    const attributes = one.data!.data.attributes;
    expect(attributes).toMatchObject({ store_id: Number(STORE), name: 'portal', email: 'portal@billing-starter.dev', status: 'subscribed', mrr: 900, mrr_formatted: '$9.00', total_revenue_currency: 900, test_mode: true });
    const portal = new URL(attributes.urls.customer_portal!);
    expect([portal.origin, portal.pathname, portal.searchParams.get('user'), portal.searchParams.get('signature')]).toEqual([api(), '/billing', customer.id, expect.stringMatching(/^[0-9a-f]{64}$/)]);
    const expires = Number(portal.searchParams.get('expires')) * 1000;
    expect(Math.abs(expires - (t.standIn.now().getTime() + 24 * 3_600_000))).toBeLessThan(5_000);

    const byEmail = await listCustomers({ filter: { storeId: STORE, email: 'PORTAL@billing-starter.dev' } });
    expect(byEmail.data!.data.map((c) => c.id)).toEqual([customer.id]);
    expect((await listCustomers({ filter: { email: 'nobody@billing-starter.dev' } })).data!.data).toEqual([]);
  });

  it('keeps one customer per email in the store across purchases', async () => {
    const first = await paidSubscription('twice@billing-starter.dev');
    const second = await paidSubscription('twice@billing-starter.dev', LEMONSQUEEZY_SEED_VARIANT_IDS.pro);
    expect(second.customer.id).toBe(first.customer.id);
    const subs = await listSubscriptions({ filter: { userEmail: 'twice@billing-starter.dev' } });
    expect(subs.data!.data.map((s) => [s.attributes.customer_id, s.attributes.variant_id])).toEqual([
      [Number(first.customer.id), Number(LEMONSQUEEZY_SEED_VARIANT_IDS.pro)],
      [Number(first.customer.id), Number(LEMONSQUEEZY_SEED_VARIANT_IDS.starter)],
    ]);
  });
});

describe('subscriptions', () => {
  it('serves an active subscription renewing one month after it started', async () => {
    const { customer, subscription } = await paidSubscription('sub@billing-starter.dev');
    const got = await getSubscription(subscription.id);
    expect(got.statusCode).toBe(200);
    const a = got.data!.data.attributes;
    expect(a).toMatchObject({
      store_id: Number(STORE),
      customer_id: Number(customer.id),
      product_id: Number(LEMONSQUEEZY_SEED_PRODUCT_IDS.starter),
      variant_id: Number(LEMONSQUEEZY_SEED_VARIANT_IDS.starter),
      product_name: 'Starter',
      variant_name: 'Monthly',
      user_email: 'sub@billing-starter.dev',
      status: 'active',
      status_formatted: 'Active',
      cancelled: false,
      pause: null,
      trial_ends_at: null,
      ends_at: null,
      test_mode: true,
    });
    expect(a.created_at).toMatch(LS_TIME);
    expect(a.renews_at).toBe(plusMonth(a.created_at));
    expect(a.billing_anchor).toBe(new Date(a.created_at).getUTCDate());
    expect(new URL(a.urls.customer_portal!).pathname).toBe('/billing');
    expect(new URL(a.urls.update_payment_method).pathname).toBe(`/subscription/${subscription.id}/payment-details`);
    const page = await fetch(a.urls.update_payment_method);
    expect(page.status).toBe(200);
  });

  it('lists with the documented filters', async () => {
    const { subscription } = await paidSubscription('filters@billing-starter.dev', LEMONSQUEEZY_SEED_VARIANT_IDS.pro);
    const ids = async (filter: Parameters<typeof listSubscriptions>[0]) => (await listSubscriptions(filter)).data!.data.map((s) => s.id);
    expect(await ids({ filter: { userEmail: 'filters@billing-starter.dev' } })).toEqual([subscription.id]);
    expect(await ids({ filter: { userEmail: 'filters@billing-starter.dev', status: 'cancelled' } })).toEqual([]);
    expect(await ids({ filter: { userEmail: 'filters@billing-starter.dev', productId: LEMONSQUEEZY_SEED_PRODUCT_IDS.pro, variantId: LEMONSQUEEZY_SEED_VARIANT_IDS.pro, storeId: STORE } })).toEqual([subscription.id]);
    expect(await ids({ filter: { orderId: String(subscription.attributes.order_id) } })).toEqual([subscription.id]);
  });

  it('cancels with cancelled: true (valid until ends_at = the renewal date) and resumes with cancelled: false', async () => {
    const { subscription } = await paidSubscription('cancel@billing-starter.dev');
    const cancelled = await updateSubscription(subscription.id, { cancelled: true });
    expect(cancelled.statusCode).toBe(200);
    const c = cancelled.data!.data.attributes;
    expect([c.status, c.status_formatted, c.cancelled, c.ends_at, c.renews_at]).toEqual(['cancelled', 'Cancelled', true, subscription.attributes.renews_at, subscription.attributes.renews_at]);
    const resumed = await updateSubscription(subscription.id, { cancelled: false });
    const r = resumed.data!.data.attributes;
    expect([resumed.statusCode, r.status, r.cancelled, r.ends_at]).toEqual([200, 'active', false, null]);
  });

  it('changes the plan with variant_id and refuses a variant that does not exist', async () => {
    const { subscription } = await paidSubscription('upgrade@billing-starter.dev');
    const upgraded = await updateSubscription(subscription.id, { variantId: Number(LEMONSQUEEZY_SEED_VARIANT_IDS.pro) });
    expect([upgraded.statusCode, upgraded.data!.data.attributes.variant_id, upgraded.data!.data.attributes.product_name]).toEqual([200, Number(LEMONSQUEEZY_SEED_VARIANT_IDS.pro), 'Pro']);
    expectFailure(await updateSubscription(subscription.id, { variantId: 99_999 }), 422, 'Unprocessable Entity', errors(422, 'The selected variant id is invalid.', { pointer: '/data/attributes/variant_id' }));
    expectFailure(await updateSubscription(subscription.id, { pause: { mode: 'void' } }), 422, 'Unprocessable Entity', errors(422, 'pause is not modelled by the stand-in.', { pointer: '/data/attributes/pause' }));
    const mismatched = await raw(`/v1/subscriptions/${subscription.id}`, { method: 'PATCH', body: JSON.stringify({ data: { type: 'subscriptions', id: '1', attributes: { cancelled: true } } }) });
    expect([mismatched.status, (await mismatched.json()).errors[0].source]).toEqual([409, { pointer: '/data/id' }]);
    expectFailure(await updateSubscription(99_999, { cancelled: true }), 404, 'Not Found', errors(404, 'The requested resource could not be found.'));
  });

  it('DELETE cancels: the subscription answers in cancelled state and stays valid until ends_at', async () => {
    const { subscription } = await paidSubscription('delete@billing-starter.dev');
    const deleted = await cancelSubscription(subscription.id);
    expect(deleted.statusCode).toBe(200);
    const d = deleted.data!.data.attributes;
    expect([d.status, d.cancelled, d.ends_at]).toEqual(['cancelled', true, subscription.attributes.renews_at]);
    const again = await cancelSubscription(subscription.id);
    expect([again.statusCode, again.data!.data.attributes.status]).toEqual([200, 'cancelled']);
  });
});

describe('options and state', () => {
  const headers = { accept: JSON_API, 'content-type': JSON_API, authorization: `Bearer ${TEST_LEMONSQUEEZY_API_KEY}` };
  const options = { apiKey: TEST_LEMONSQUEEZY_API_KEY, webhookSecret: 'ls_other_secret' };

  it('seeds the store under the storeId given', async () => {
    const other = await startLemonSqueezyStandIn({ ...options, storeId: '777' });
    try {
      const store = await fetch(`${other.url}/v1/stores/777`, { headers });
      expect([store.status, (await store.json()).data.id]).toEqual([200, '777']);
      const products = await (await fetch(`${other.url}/v1/products?filter[store_id]=777`, { headers })).json();
      expect(products.data.map((p: { attributes: { store_id: number } }) => p.attributes.store_id)).toEqual([777, 777]);
      expect((await fetch(`${other.url}/v1/stores/${STORE}`, { headers })).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('keeps checkouts, customers and subscriptions in the state file across a restart, and numbers on from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-stand-in-'));
    const stateFile = join(dir, 'state.jsonl');
    try {
      const first = await startLemonSqueezyStandIn({ ...options, stateFile });
      const body = JSON.stringify({ data: { type: 'checkouts', relationships: { store: { data: { type: 'stores', id: STORE } }, variant: { data: { type: 'variants', id: LEMONSQUEEZY_SEED_VARIANT_IDS.pro } } } } });
      const made = await (await fetch(`${first.url}/v1/checkouts`, { method: 'POST', headers, body })).json();
      expect((await payOnHostedPage(made.data.attributes.url, 'restart@billing-starter.dev')).status).toBe(200);
      const before = await (await fetch(`${first.url}/v1/subscriptions`, { headers })).json();
      await first.close();

      const second = await startLemonSqueezyStandIn({ ...options, stateFile });
      try {
        const after = await (await fetch(`${second.url}/v1/subscriptions`, { headers })).json();
        const strip = (doc: { data: { id: string; attributes: { status: string; renews_at: string; user_email: string } }[] }) =>
          doc.data.map((d) => [d.id, d.attributes.status, d.attributes.renews_at, d.attributes.user_email]);
        expect(strip(after)).toEqual(strip(before));
        expect(strip(after)).toHaveLength(1);
        const checkoutAgain = await fetch(`${second.url}/v1/checkouts/${made.data.id}`, { headers });
        expect(checkoutAgain.status).toBe(200);
        const next = await (await fetch(`${second.url}/v1/checkouts`, { method: 'POST', headers, body })).json();
        expect((await payOnHostedPage(next.data.attributes.url, 'restart-2@billing-starter.dev')).status).toBe(200);
        const ids = (await (await fetch(`${second.url}/v1/subscriptions`, { headers })).json()).data.map((d: { id: string }) => d.id);
        expect(ids).toEqual([String(Number(before.data[0].id) + 1), before.data[0].id]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
