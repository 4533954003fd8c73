// The Stripe stand-in's API, driven and parsed by the real `stripe` client: the catalog, customers,
// Checkout and portal sessions, subscriptions, Stripe's parameter checking and error shapes,
// authentication, idempotent requests and injected faults (docs/fidelity.md, "Stripe stand-in").
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION, STRIPE_SEED_PRICE_IDS, STRIPE_SEED_PRODUCT_IDS } from '../../local/stripe/index.ts';
import { payOnHostedPage, startTestStripe, TEST_STRIPE_KEY, type TestStripe } from '../fixtures/stripe-stand-in.ts';

let t: TestStripe;
beforeAll(async () => {
  t = await startTestStripe();
});
afterAll(() => t?.close());

const raw = (path: string, init: RequestInit = {}) => fetch(`${t.standIn.url}${path}`, { ...init, headers: { authorization: `Bearer ${TEST_STRIPE_KEY}`, ...init.headers } });

/** The error body as the stand-in sent it (the client's `message` is prefixed with the request id). */
type RawError = { type: string; message: string; code?: string; param?: string };

/** The error a call rejects with (a test fails if it resolves). */
async function failure(call: Promise<unknown>): Promise<Stripe.errors.StripeError & { raw: RawError }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Stripe.errors.StripeError)) throw new Error(`expected a StripeError, got ${String(error)}`);
  return error as Stripe.errors.StripeError & { raw: RawError };
}

const SUCCESS_URL = 'https://app.example/billing/success?session={CHECKOUT_SESSION_ID}';

async function paidSubscription(email: string, metadata: Record<string, string> = {}) {
  const session = await t.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: STRIPE_SEED_PRICE_IDS.starter, quantity: 1 }], success_url: SUCCESS_URL, subscription_data: { metadata } });
  expect((await payOnHostedPage(session.url!, email)).status).toBe(303);
  const paid = await t.stripe.checkout.sessions.retrieve(session.id);
  return t.stripe.subscriptions.retrieve(paid.subscription as string);
}

describe('catalog', () => {
  it('lists the two seed products and their monthly USD prices, with the product expanded on request', async () => {
    const products = await t.stripe.products.list({ active: true });
    expect(products).toMatchObject({ object: 'list', has_more: false, url: '/v1/products' });
    expect(products.data.map((p) => [p.id, p.name, p.default_price])).toEqual([
      [STRIPE_SEED_PRODUCT_IDS.pro, 'Pro', STRIPE_SEED_PRICE_IDS.pro],
      [STRIPE_SEED_PRODUCT_IDS.starter, 'Starter', STRIPE_SEED_PRICE_IDS.starter],
    ]);
    const prices = await t.stripe.prices.list({ active: true, expand: ['data.product'] });
    expect(prices.data.map((p) => [p.id, p.unit_amount, p.currency, p.type, p.recurring?.interval, p.recurring?.interval_count, (p.product as Stripe.Product).name])).toEqual([
      [STRIPE_SEED_PRICE_IDS.pro, 2900, 'usd', 'recurring', 'month', 1, 'Pro'],
      [STRIPE_SEED_PRICE_IDS.starter, 900, 'usd', 'recurring', 'month', 1, 'Starter'],
    ]);
    const starter = await t.stripe.prices.list({ product: STRIPE_SEED_PRODUCT_IDS.starter });
    expect(starter.data.map((p) => [p.id, p.product])).toEqual([[STRIPE_SEED_PRICE_IDS.starter, STRIPE_SEED_PRODUCT_IDS.starter]]);
    expect((await t.stripe.prices.list({ active: false })).data).toEqual([]);
  });

  it('pages with limit and starting_after, which the client\'s auto-pagination follows', async () => {
    const first = await t.stripe.prices.list({ limit: 1 });
    expect([first.data.map((p) => p.id), first.has_more]).toEqual([[STRIPE_SEED_PRICE_IDS.pro], true]);
    const second = await t.stripe.prices.list({ limit: 1, starting_after: first.data[0]!.id });
    expect([second.data.map((p) => p.id), second.has_more]).toEqual([[STRIPE_SEED_PRICE_IDS.starter], false]);
    expect((await t.stripe.products.list({ limit: 1 }).autoPagingToArray({ limit: 10 })).map((p) => p.name)).toEqual(['Pro', 'Starter']);
    const cursor = await failure(t.stripe.prices.list({ starting_after: 'price_missing' }));
    expect([cursor.statusCode, cursor.code, cursor.param]).toEqual([400, 'resource_missing', 'starting_after']);
  });
});

describe('authentication', () => {
  it('refuses a wrong key 401 with the key masked, which the client raises as StripeAuthenticationError', async () => {
    const error = await failure(t.clientWithKey('sk_test_WrongKey000000000000abcd').products.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.raw).toMatchObject({ type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_********************abcd' });
  });

  it('refuses a request without a key, and accepts the key as HTTP Basic user name as Stripe does', async () => {
    const anonymous = await fetch(`${t.standIn.url}/v1/products`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Stripe"');
    expect(((await anonymous.json()) as { error: { message: string } }).error.message).toMatch(/^You did not provide an API key\. You need to provide your API key in the Authorization header, using Bearer auth/);
    const basic = await fetch(`${t.standIn.url}/v1/products`, { headers: { authorization: `Basic ${Buffer.from(`${TEST_STRIPE_KEY}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
  });

  it('serves only the API version the client pins, answering it in Stripe-Version', async () => {
    const answer = await raw('/v1/products');
    expect(answer.headers.get('stripe-version')).toBe(STRIPE_API_VERSION);
    const other = await raw('/v1/products', { headers: { 'stripe-version': '2020-08-27' } });
    expect(other.status).toBe(400);
  });

  it('names every answer with a Request-Id, errors and hosted pages included', async () => {
    const list = await t.stripe.products.list();
    expect(list.lastResponse.requestId).toMatch(/^req_[0-9A-Za-z]{14}$/);
    for (const answer of [await raw('/v1/nowhere'), await fetch(`${t.standIn.url}/v1/products`), await fetch(`${t.standIn.url}/c/pay/cs_test_missing`)]) {
      expect(answer.headers.get('request-id')).toMatch(/^req_/);
    }
    const unknown = await raw('/v1/nowhere');
    expect(await unknown.json()).toEqual({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL (GET: /v1/nowhere). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.' } });
  });
});

describe('parameters', () => {
  it('refuses unknown parameters, top level or nested, naming them in bracket notation', async () => {
    const top = await failure(t.stripe.customers.create({ nickname: 'x' } as Stripe.CustomerCreateParams));
    expect(top).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([top.statusCode, top.code, top.param, top.raw.message]).toEqual([400, 'parameter_unknown', 'nickname', 'Received unknown parameter: nickname']);
    const nested = await failure(
      t.stripe.checkout.sessions.create({ mode: 'subscription', success_url: SUCCESS_URL, line_items: [{ price: STRIPE_SEED_PRICE_IDS.pro, quantity: 1 }], subscription_data: { trial_period_days: 7 } }),
    );
    expect([nested.code, nested.param]).toEqual(['parameter_unknown', 'subscription_data[trial_period_days]']);
    const query = await failure(t.stripe.customers.list({ created: 1 } as Stripe.CustomerListParams));
    expect([query.code, query.param]).toEqual(['parameter_unknown', 'created']);
  });

  it('names a missing required parameter, also inside a list item', async () => {
    const mode = await failure(t.stripe.checkout.sessions.create({ success_url: SUCCESS_URL } as Stripe.Checkout.SessionCreateParams));
    expect([mode.statusCode, mode.code, mode.param, mode.raw.message]).toEqual([400, 'parameter_missing', 'mode', 'Missing required param: mode.']);
    const quantity = await failure(t.stripe.checkout.sessions.create({ mode: 'subscription', success_url: SUCCESS_URL, line_items: [{ price: STRIPE_SEED_PRICE_IDS.pro }] }));
    expect([quantity.code, quantity.param]).toEqual(['parameter_missing', 'line_items[0][quantity]']);
    const customer = await failure(t.stripe.billingPortal.sessions.create({} as Stripe.BillingPortal.SessionCreateParams));
    expect([customer.code, customer.param]).toEqual(['parameter_missing', 'customer']);
  });

  it('reads integers, booleans, enums, empty strings and expand strictly', async () => {
    const limit = await failure(t.stripe.customers.list({ limit: 101 }));
    expect([limit.param, limit.raw.message]).toEqual(['limit', 'This value must be less than or equal to 100.']);
    const notInt = await raw('/v1/customers?limit=ten');
    expect(await notInt.json()).toMatchObject({ error: { code: 'parameter_invalid_integer', param: 'limit', message: 'Invalid integer: ten' } });
    const notBool = await raw('/v1/products?active=yes');
    expect(await notBool.json()).toMatchObject({ error: { param: 'active', message: 'Invalid boolean: yes' } });
    const status = await failure(t.stripe.subscriptions.list({ status: 'paid' as Stripe.SubscriptionListParams.Status }));
    expect(status.param).toBe('status');
    const empty = await failure(t.stripe.customers.create({ email: '' }));
    expect([empty.code, empty.param]).toEqual(['parameter_invalid_empty', 'email']);
    const expand = await failure(t.stripe.prices.list({ expand: ['data.tiers'] }));
    expect([expand.param, expand.raw.message]).toEqual(['expand', 'This property cannot be expanded (data.tiers).']);
  });
});

describe('customers', () => {
  it('creates, retrieves and lists customers by exact (case-sensitive) email', async () => {
    const created = await t.stripe.customers.create({ email: 'Ada@billing-starter.dev', name: 'Ada', metadata: { user_id: 'user-ada' } });
    expect(created).toMatchObject({ object: 'customer', email: 'Ada@billing-starter.dev', name: 'Ada', metadata: { user_id: 'user-ada' }, livemode: false, balance: 0, delinquent: false });
    expect(created.id).toMatch(/^cus_[0-9A-Za-z]{14}$/);
    expect(Math.abs(created.created - Math.floor(t.standIn.now().getTime() / 1000))).toBeLessThanOrEqual(1);
    expect((await t.stripe.customers.retrieve(created.id)).id).toBe(created.id);
    expect((await t.stripe.customers.list({ email: 'Ada@billing-starter.dev' })).data.map((c) => c.id)).toEqual([created.id]);
    expect((await t.stripe.customers.list({ email: 'ada@billing-starter.dev' })).data).toEqual([]);
  });

  it('answers a missing customer 404 resource_missing and an invalid email 400 email_invalid', async () => {
    const missing = await failure(t.stripe.customers.retrieve('cus_Missing'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([missing.statusCode, missing.code, missing.param, missing.raw.message]).toEqual([404, 'resource_missing', 'id', "No such customer: 'cus_Missing'"]);
    const invalid = await failure(t.stripe.customers.create({ email: 'not-an-email' }));
    expect([invalid.statusCode, invalid.code, invalid.param]).toEqual([400, 'email_invalid', 'email']);
  });
});

describe('checkout sessions', () => {
  it('creates an open subscription-mode session whose url is the hosted page, and reads it back', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: STRIPE_SEED_PRICE_IDS.pro, quantity: 1 }],
      success_url: SUCCESS_URL,
      cancel_url: 'https://app.example/pricing',
      client_reference_id: 'user-42',
      customer_email: 'buyer@billing-starter.dev',
      metadata: { user_id: 'user-42' },
    });
    expect(session.id).toMatch(/^cs_test_[0-9A-Za-z]{58}$/);
    expect(session).toMatchObject({
      object: 'checkout.session', mode: 'subscription', status: 'open', payment_status: 'unpaid', ui_mode: 'hosted_page', livemode: false,
      client_reference_id: 'user-42', customer: null, customer_email: 'buyer@billing-starter.dev', metadata: { user_id: 'user-42' },
      amount_total: 2900, currency: 'usd', subscription: null, success_url: SUCCESS_URL, cancel_url: 'https://app.example/pricing',
    });
    expect(session.url).toBe(`${t.standIn.url}/c/pay/${session.id}`);
    expect(session.expires_at - session.created).toBe(24 * 3600);
    expect(await t.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ id: session.id, status: 'open' });
  });

  it('refuses what Stripe refuses: both customer and customer_email, unknown customer or price, a non-URL', async () => {
    const base = { mode: 'subscription' as const, success_url: SUCCESS_URL, line_items: [{ price: STRIPE_SEED_PRICE_IDS.pro, quantity: 1 }] };
    const customer = await t.stripe.customers.create({ email: 'both@billing-starter.dev' });
    const both = await failure(t.stripe.checkout.sessions.create({ ...base, customer: customer.id, customer_email: 'both@billing-starter.dev' }));
    expect(both.raw.message).toBe('You may only specify one of these parameters: customer, customer_email.');
    const noCustomer = await failure(t.stripe.checkout.sessions.create({ ...base, customer: 'cus_Missing' }));
    expect([noCustomer.statusCode, noCustomer.code, noCustomer.param]).toEqual([400, 'resource_missing', 'customer']);
    const noPrice = await failure(t.stripe.checkout.sessions.create({ ...base, line_items: [{ price: 'price_Missing', quantity: 1 }] }));
    expect([noPrice.code, noPrice.param, noPrice.raw.message]).toEqual(['resource_missing', 'line_items[0][price]', "No such price: 'price_Missing'"]);
    const badUrl = await failure(t.stripe.checkout.sessions.create({ ...base, success_url: 'javascript:alert(1)' }));
    expect([badUrl.code, badUrl.param]).toEqual(['url_invalid', 'success_url']);
    const noSuccess = await failure(t.stripe.checkout.sessions.create({ mode: 'subscription', line_items: base.line_items }));
    expect([noSuccess.code, noSuccess.param]).toEqual(['parameter_missing', 'success_url']);
    const noItems = await failure(t.stripe.checkout.sessions.create({ mode: 'subscription', success_url: SUCCESS_URL }));
    expect([noItems.code, noItems.param]).toEqual(['parameter_missing', 'line_items']);
    const payment = await failure(t.stripe.checkout.sessions.create({ ...base, mode: 'payment' }));
    expect([payment.statusCode, payment.param]).toEqual([400, 'mode']);
    const missing = await failure(t.stripe.checkout.sessions.retrieve('cs_test_Missing'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'resource_missing']);
  });

  it('completes on the hosted page for the customer it names, expanding customer and subscription on request', async () => {
    const customer = await t.stripe.customers.create({ email: 'named@billing-starter.dev' });
    const session = await t.stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: STRIPE_SEED_PRICE_IDS.starter, quantity: 1 }], success_url: SUCCESS_URL });
    const paid = await payOnHostedPage(session.url!);
    expect(paid.headers.get('location')).toBe(`https://app.example/billing/success?session=${session.id}`);
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['customer', 'subscription'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', url: null, customer: { id: customer.id, email: 'named@billing-starter.dev' }, customer_details: { email: 'named@billing-starter.dev' } });
    expect((done.subscription as Stripe.Subscription).customer).toBe(customer.id);
    // Paying twice (a resubmitted form) makes no second subscription.
    const twice = await fetch(`${t.standIn.url}/c/pay/${session.id}`, { method: 'POST', body: new URLSearchParams(), redirect: 'manual' });
    expect([twice.status, twice.headers.get('location')]).toEqual([303, `https://app.example/billing/success?session=${session.id}`]);
    expect((await t.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(1);
  });
  it('pays a customer_email session with that email, and refuses an invalid typed email on the page', async () => {
    const line_items = [{ price: STRIPE_SEED_PRICE_IDS.starter, quantity: 1 }];
    const prefilled = await t.stripe.checkout.sessions.create({ mode: 'subscription', line_items, success_url: SUCCESS_URL, customer_email: 'prefilled@billing-starter.dev' });
    expect((await payOnHostedPage(prefilled.url!, 'typed-instead@billing-starter.dev')).status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(prefilled.id, { expand: ['customer'] });
    expect((done.customer as Stripe.Customer).email).toBe('prefilled@billing-starter.dev');

    const open = await t.stripe.checkout.sessions.create({ mode: 'subscription', line_items, success_url: SUCCESS_URL });
    const refused = await payOnHostedPage(open.url!, 'not-an-email');
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Your email is incomplete or invalid.');
    expect((await t.stripe.checkout.sessions.retrieve(open.id)).status).toBe('open');
  });
});

describe('billing portal sessions', () => {
  it('creates a session for an existing customer with the portal page as its url', async () => {
    const customer = await t.stripe.customers.create({ email: 'portal@billing-starter.dev' });
    const session = await t.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://app.example/dashboard' });
    expect(session.id).toMatch(/^bps_[0-9A-Za-z]{24}$/);
    expect(session).toMatchObject({ object: 'billing_portal.session', customer: customer.id, return_url: 'https://app.example/dashboard', livemode: false, configuration: expect.stringMatching(/^bpc_/) });
    expect(session.url.startsWith(`${t.standIn.url}/p/session/`)).toBe(true);
    expect(session.url).not.toContain(session.id);
    const page = await fetch(session.url);
    expect([page.status, (await page.text()).includes('href="https://app.example/dashboard"')]).toEqual([200, true]);
    const missing = await failure(t.stripe.billingPortal.sessions.create({ customer: 'cus_Missing' }));
    expect([missing.statusCode, missing.code, missing.param, missing.raw.message]).toEqual([400, 'resource_missing', 'customer', "No such customer: 'cus_Missing'"]);
  });
});

describe('subscriptions', () => {
  it('carries the current period on the item (API 2026-11-18.endive), a month long by the stand-in clock', async () => {
    const sub = await paidSubscription('periods@billing-starter.dev', { user_id: 'user-periods' });
    expect(sub.id).toMatch(/^sub_[0-9A-Za-z]{24}$/);
    expect(sub).toMatchObject({ object: 'subscription', status: 'active', cancel_at_period_end: false, cancel_at: null, canceled_at: null, ended_at: null, metadata: { user_id: 'user-periods' }, currency: 'usd', livemode: false });
    expect('current_period_end' in sub).toBe(false);
    const item = sub.items.data[0]!;
    expect(item.id).toMatch(/^si_/);
    expect([item.price.id, item.quantity, item.subscription]).toEqual([STRIPE_SEED_PRICE_IDS.starter, 1, sub.id]);
    const start = new Date(item.current_period_start * 1000);
    const end = new Date(item.current_period_end * 1000);
    expect(end.getUTCMonth()).toBe((start.getUTCMonth() + 1) % 12);
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86400);
    expect(item.current_period_end - item.current_period_start).toBeLessThanOrEqual(31 * 86400);
  });

  it('updates cancel_at_period_end and metadata, cancels, and lists by status as Stripe does', async () => {
    const sub = await paidSubscription('lifecycle@billing-starter.dev', { user_id: 'u1', plan: 'starter' });
    const cancelling = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true, metadata: { plan: '' } });
    expect(cancelling).toMatchObject({ cancel_at_period_end: true, cancel_at: sub.items.data[0]!.current_period_end, metadata: { user_id: 'u1' }, cancellation_details: { reason: 'cancellation_requested' } });
    expect(cancelling.canceled_at).toEqual(expect.any(Number));
    const resumed = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect([resumed.cancel_at_period_end, resumed.cancel_at, resumed.canceled_at]).toEqual([false, null, null]);

    const ended = await t.stripe.subscriptions.cancel(sub.id);
    expect(ended).toMatchObject({ id: sub.id, status: 'canceled', ended_at: expect.any(Number), canceled_at: expect.any(Number) });
    const customer = sub.customer as string;
    expect((await t.stripe.subscriptions.list({ customer })).data).toEqual([]);
    expect((await t.stripe.subscriptions.list({ customer, status: 'all' })).data.map((s) => [s.id, s.status])).toEqual([[sub.id, 'canceled']]);
    expect((await t.stripe.subscriptions.list({ customer, status: 'canceled' })).data).toHaveLength(1);
    // Canceled is final: cancelling again is "No such subscription", though it can still be read.
    const twice = await failure(t.stripe.subscriptions.cancel(sub.id));
    expect([twice.statusCode, twice.code, twice.param, twice.raw.message]).toEqual([404, 'resource_missing', 'id', `No such subscription: '${sub.id}'`]);
    const again = await failure(t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true }));
    expect([again.statusCode, again.param]).toEqual([400, 'cancel_at_period_end']);
    const missing = await failure(t.stripe.subscriptions.retrieve('sub_Missing'));
    expect([missing.statusCode, missing.code, missing.raw.message]).toEqual([404, 'resource_missing', "No such subscription: 'sub_Missing'"]);
  });
});

describe('idempotent requests', () => {
  it('replays the first answer for the same key and parameters, and refuses the key with other parameters', async () => {
    const key = `test-${Date.now()}`;
    const first = await t.stripe.customers.create({ email: 'idem@billing-starter.dev' }, { idempotencyKey: key });
    const replay = await t.stripe.customers.create({ email: 'idem@billing-starter.dev' }, { idempotencyKey: key });
    expect(replay.id).toBe(first.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await t.stripe.customers.list({ email: 'idem@billing-starter.dev' })).data).toHaveLength(1);
    const other = await failure(t.stripe.customers.create({ email: 'other@billing-starter.dev' }, { idempotencyKey: key }));
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect([other.statusCode, other.type]).toEqual([400, 'StripeIdempotencyError']);
    expect(other.raw.message).toBe(`Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
  });

  it('saves no answer for a request refused in validation, so a corrected retry under the key runs', async () => {
    const key = `test-invalid-${Date.now()}`;
    await failure(t.stripe.customers.create({ email: 'broken' }, { idempotencyKey: key }));
    const fixed = await failure(t.stripe.customers.create({ email: 'broken' }, { idempotencyKey: key }));
    expect(fixed.code).toBe('email_invalid');
    const other = await t.stripe.customers.create({ email: 'fixed@billing-starter.dev' }, { idempotencyKey: key });
    expect(other.email).toBe('fixed@billing-starter.dev');
  });
});

describe('faults', () => {
  it('answers an injected status in Stripe\'s error shape, and latency as configured', async () => {
    t.standIn.setFaults({ status: 503 });
    try {
      const error = await failure(t.stripe.products.list());
      expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect([error.statusCode, error.raw.type]).toEqual([503, 'api_error']);
    } finally {
      t.standIn.setFaults({});
    }
    t.standIn.setFaults({ latencyMs: 150 });
    try {
      const started = Date.now();
      await t.stripe.products.list();
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      t.standIn.setFaults({});
    }
  });
});
