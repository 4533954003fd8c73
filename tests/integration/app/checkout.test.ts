// GET /api/checkout and the post-checkout sync on /dashboard?checkout_id=…, through the
// production build, the real Checkout helper and the Polar stand-in's hosted pages.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { eventually, polarFor, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { payCheckoutPage } from '../../fixtures/polar-hosted-pages.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
const polar = polarFor(stack);

const startCheckout = (cookie: string | undefined, query: string) =>
  fetch(`${stack.appUrl}/api/checkout${query}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

async function checkoutUrl(user: TestUser, query = `?products=${SEED_PRODUCT_IDS.pro}`) {
  const response = await startCheckout(user.cookie, query);
  expect(response.status).toBe(200);
  return ((await response.json()) as { url: string }).url;
}

const checkoutIdOf = (location: string | null) => new URL(location!).searchParams.get('checkout_id')!;
const rowOf = async (userId: string) => (await sql`select * from public.user_subscriptions where user_id = ${userId}`)[0];

afterAll(async () => {
  await control.setWebhookUrl(stack.webhookUrl);
  await sql.end();
});

describe('GET /api/checkout', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await signUpUser(stack, 'checkout');
  });

  it('sends a signed-out page load to sign-in, and answers a signed-out fetch 401', async () => {
    const page = await navigate(`${stack.appUrl}/api/checkout?products=${SEED_PRODUCT_IDS.pro}`);
    expect(page.status).toBe(303);
    const login = new URL(page.location!);
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('next')).toBe(`/api/checkout?products=${SEED_PRODUCT_IDS.pro}`);

    const response = await startCheckout(undefined, `?products=${SEED_PRODUCT_IDS.pro}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('sends a signed-in page load to the hosted checkout (303)', async () => {
    const page = await navigate(`${stack.appUrl}/api/checkout?products=${SEED_PRODUCT_IDS.starter}`, user.cookie);
    expect(page.status).toBe(303);
    expect(page.location).toMatch(new RegExp(`^${stack.polarUrl}/checkout/`));
  });

  it.each([
    ['no product', ''],
    ['an unknown product', '?products=00000000-0000-4000-8000-000000000000'],
    ['a known and an unknown product', `?products=${SEED_PRODUCT_IDS.pro}&products=nope`],
  ])('answers 400 to %s', async (_name, query) => {
    const response = await startCheckout(user.cookie, query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/product/i) });
  });

  it('sets the customer from the session, ignoring identity the client put in the query', async () => {
    const victim = await signUpUser(stack, 'victim');
    const attack = new URLSearchParams({ products: SEED_PRODUCT_IDS.pro, customerExternalId: victim.id, customerEmail: victim.email, customerId: 'cus_victim', metadata: JSON.stringify({ supabase_user_id: victim.id }) });
    const url = await checkoutUrl(user, `?${attack}`);
    const { pay } = await payCheckoutPage(url, user.email, SEED_PRODUCT_IDS.pro);
    const checkout = await polar.checkouts.get({ id: checkoutIdOf(pay.location) });

    expect(checkout.externalCustomerId).toBe(user.id);
    expect(checkout.customerEmail).toBe(user.email);
    expect(checkout.metadata).toEqual({ supabase_user_id: user.id });
    await eventually(async () => (await rowOf(user.id))?.status === 'active');
    expect(await rowOf(victim.id)).toBeUndefined();
  });

  it('returns to /dashboard with the checkout id', async () => {
    const other = await signUpUser(stack, 'return');
    const { pay } = await payCheckoutPage(await checkoutUrl(other), other.email, SEED_PRODUCT_IDS.pro);
    expect(pay.status).toBe(303);
    const location = new URL(pay.location!);
    expect(`${location.origin}${location.pathname}`).toBe(`${stack.appUrl}/dashboard`);
    expect(location.searchParams.get('checkout_id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a user who already has a live subscription to the portal instead', async () => {
    const subscriber = await signUpUser(stack, 'already');
    await subscribe(stack, subscriber, SEED_PRODUCT_IDS.starter, sql);
    const url = await checkoutUrl(subscriber);
    expect(url).toMatch(new RegExp(`^${stack.polarUrl}/portal/`));
  });

  it("prefills the buyer's email on Polar's checkout, and leaves it for the buyer to type when Polar refuses it", async () => {
    const deliverable = await signUpUser(stack, 'prefill');
    const undeliverable = await signUpUser(stack, 'no-prefill', `no-prefill-${Date.now()}@example.com`);
    const emailOnPage = async (user: TestUser) => {
      const html = await (await fetch(await checkoutUrl(user))).text();
      return html.match(/id="email"[^>]*value="([^"]*)"/)?.[1];
    };
    expect(await emailOnPage(deliverable)).toBe(deliverable.email);
    // Polar checks deliverability: example.com publishes a null MX, so Polar answers 422.
    expect(await emailOnPage(undeliverable)).toBe('');
  });

  it('answers 502 when Polar fails', async () => {
    const other = await signUpUser(stack, 'polar-down');
    try {
      await control.polarFaults({ status: 500 });
      const response = await startCheckout(other.cookie, `?products=${SEED_PRODUCT_IDS.pro}`);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ error: 'Something went wrong' });
    } finally {
      await control.polarFaults({});
    }
  });
});

describe('post-checkout sync on /dashboard?checkout_id=…', () => {
  it('shows the subscription before any webhook arrived, and the late webhooks change nothing', async () => {
    const user = await signUpUser(stack, 'sync');
    // Polar's webhooks go nowhere for now: only the sync can know about this payment.
    await control.setWebhookUrl('http://127.0.0.1:9/unreachable');
    let checkoutId: string;
    try {
      const { pay } = await payCheckoutPage(await checkoutUrl(user), user.email, SEED_PRODUCT_IDS.pro);
      checkoutId = checkoutIdOf(pay.location);
      expect(await rowOf(user.id)).toBeUndefined();

      const dashboard = await navigate(`${stack.appUrl}/dashboard?checkout_id=${checkoutId}`, user.cookie);
      expect(dashboard.status).toBe(200);
      expect(dashboard.body).toMatch(/data-testid="status-badge"[^>]*>Active</);
      expect(await rowOf(user.id)).toMatchObject({ status: 'active', product_id: SEED_PRODUCT_IDS.pro });
    } finally {
      await control.setWebhookUrl(stack.webhookUrl);
    }

    // Polar sends again what failed: the subscription events change nothing the sync wrote.
    await control.polarIdle();
    const missed = (await control.deliveries()).filter((d) => d.body.includes(user.id) && d.status === null);
    const events = [...new Map(missed.map((d) => [d.webhookId, d])).values()];
    expect(events.map((d) => d.type)).toEqual(expect.arrayContaining(['customer.created', 'subscription.created', 'subscription.active', 'subscription.updated', 'order.paid']));
    for (const delivery of events) expect([200, 202]).toContain((await control.redeliver(delivery.webhookId)).status);
    const outcomes = await sql<{ type: string; outcome: string }[]>`select type, outcome from public.polar_webhook_events where webhook_id in ${sql(events.map((d) => d.webhookId))}`;
    // What the sync already wrote is a duplicate; what it does not write (the customer link, the
    // grants) lands now; the app does not act on orders and checkouts. A state snapshot that
    // changes nothing counts as a duplicate.
    const expected: Record<string, string[]> = { subscription: ['duplicate'], customer: ['applied', 'duplicate'], benefit_grant: ['applied'] };
    expect(outcomes).toHaveLength(events.length);
    for (const { type, outcome } of outcomes) expect(expected[type.split('.')[0]!] ?? ['ignored'], type).toContain(outcome);
    expect(await rowOf(user.id)).toMatchObject({ status: 'active' });
  });

  it("does not attach someone else's checkout to the signed-in user", async () => {
    const [payer, snoop] = await Promise.all([signUpUser(stack, 'payer'), signUpUser(stack, 'snoop')]);
    const { pay } = await payCheckoutPage(await checkoutUrl(payer), payer.email, SEED_PRODUCT_IDS.pro);
    const page = await navigate(`${stack.appUrl}/dashboard?checkout_id=${checkoutIdOf(pay.location)}`, snoop.cookie);
    expect(page.status).toBe(200);
    expect(await rowOf(snoop.id)).toBeUndefined();
  });

  it('shows a plain dashboard for an unknown or malformed checkout id', async () => {
    const user = await signUpUser(stack, 'bogus');
    for (const id of ['00000000-0000-4000-8000-000000000000', '../../etc', "'; drop table x;--"]) {
      const page = await navigate(`${stack.appUrl}/dashboard?checkout_id=${encodeURIComponent(id)}`, user.cookie);
      expect(page.status).toBe(200);
    }
    expect(await rowOf(user.id)).toBeUndefined();
  });
});
