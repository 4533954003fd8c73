// The seam with Stripe and Lemon Squeezy billing: the same build served with PAYMENT_PROVIDER set,
// checkout, portal, cancel and resume through each adapter against its stand-in, and the seed's
// 400 when a customer's stored provider is not the one that bills.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LEMONSQUEEZY_SEED_PRODUCT_IDS } from '../../../local/lemonsqueezy/index.ts';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { STRIPE_SEED_PRODUCT_IDS } from '../../../local/stripe/index.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { DEMO_OPERATOR, eventually, signInUser, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { GENEROUS_LIMITS } from '../../fixtures/generous-limits.ts';
import { payOnHostedPage } from '../../fixtures/hosted-page-form.ts';
import type { RunningApp } from '../../fixtures/next-app.ts';
import { startSecondApp } from '../../fixtures/second-app.ts';

const stack = inject('stack');
const sql = sqlFor(stack);

// The Stripe server runs without Polar's keys (optional when another provider bills, all three
// or none: an empty value is unset); the Lemon Squeezy one with them.
const WITHOUT_POLAR = { POLAR_ACCESS_TOKEN: '', POLAR_WEBHOOK_SECRET: '', POLAR_SERVER: '' };
const providers = [
  { provider: 'stripe', apiUrl: stack.appEnv.STRIPE_API_URL!, products: STRIPE_SEED_PRODUCT_IDS, portalPath: /^\/p\/session\//, env: { ...WITHOUT_POLAR, CRON_SECRET: stack.appEnv.CRON_SECRET! } },
  { provider: 'lemonsqueezy', apiUrl: stack.appEnv.LEMONSQUEEZY_API_URL!, products: LEMONSQUEEZY_SEED_PRODUCT_IDS, portalPath: /^\/billing$/, env: {} },
] as const;

const apps = new Map<string, RunningApp>();
beforeAll(async () => {
  for (const { provider, env } of providers) apps.set(provider, await startSecondApp(stack, { ...GENEROUS_LIMITS, PAYMENT_PROVIDER: provider, ...env }));
});
afterAll(async () => {
  for (const app of apps.values()) await app.stop();
  await sql.end();
});

/** A same-site call as the app's pages make it (the site URL, inlined at build, is the shared app's). */
const call = (base: string, user: TestUser, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie: user.cookie, origin: stack.appUrl, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    redirect: 'manual',
  });

const NO_POLAR = 'Polar is not set up here: this app bills with stripe (README → Payment providers)';

async function expectJson(response: Response, status: number, body?: unknown): Promise<Record<string, unknown>> {
  const json = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(json)).toBe(status);
  if (body !== undefined) expect(json).toEqual(body);
  return json;
}

for (const { provider, apiUrl, products, portalPath, env } of providers) {
  const withPolar = !('POLAR_ACCESS_TOKEN' in env);
  describe(`PAYMENT_PROVIDER=${provider}`, () => {
    let app: RunningApp;
    let user: TestUser;
    beforeAll(async () => {
      app = apps.get(provider)!;
      user = await signUpUser(stack, `seam-${provider}`);
    });

    it('sells one plan per checkout, on the provider’s hosted page, and the paid subscription lands', async () => {
      await expectJson(await call(app.url, user, `/api/checkout?products=${products.pro}&products=${products.starter}`), 400, { error: 'Missing or too many products' });
      await expectJson(await call(app.url, user, '/api/checkout?products=prod_unknown'), 400, { error: 'Unknown product' });
      const { url } = await expectJson(await call(app.url, user, `/api/checkout?products=${products.pro}`), 200);
      expect(new URL(String(url)).origin).toBe(new URL(apiUrl).origin);
      const paid = await payOnHostedPage(String(url), user.email);
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toMatch(new RegExp(`^${stack.appUrl}/dashboard\\?checkout_id=`));
      await eventually(async () => (await sql`select 1 from public.user_subscriptions where user_id = ${user.id} and provider = ${provider} and status = 'active' and product_id = ${products.pro}`).length > 0);
      const keys = await sql`select key from public.user_entitlements where user_id = ${user.id} and revoked_at is null order by key`;
      expect(keys.map((k) => k.key)).toEqual(['core', 'pro']);
      // Polar's reconciler asks Polar about the checkouts recorded: this one is none of its business.
      expect(await sql`select 1 from public.billing_checkouts where user_id = ${user.id}`).toHaveLength(0);
    });

    it('opens the provider’s portal, and sends a live subscriber there instead of a second checkout', async () => {
      const { url } = await expectJson(await call(app.url, user, '/api/payments/portal', { method: 'POST', body: {} }), 200);
      expect(new URL(String(url)).origin).toBe(new URL(apiUrl).origin);
      expect(new URL(String(url)).pathname).toMatch(portalPath);
      expect((await fetch(String(url))).status).toBe(200);
      const again = await expectJson(await call(app.url, user, `/api/checkout?products=${products.starter}`), 200);
      expect(new URL(String(again.url)).pathname).toMatch(portalPath);
    });

    it('cancels at period end and resumes through the adapter, storing its answer at once', async () => {
      const cancelled = await expectJson(await call(app.url, user, '/api/subscription/cancel', { method: 'POST', body: {} }), 200);
      expect(cancelled.subscription).toMatchObject({ cancelAtPeriodEnd: true, status: 'active' });
      expect((await sql`select cancel_at_period_end from public.user_subscriptions where user_id = ${user.id}`)[0]?.cancel_at_period_end).toBe(true);
      const resumed = await expectJson(await call(app.url, user, '/api/subscription/resume', { method: 'POST', body: {} }), 200);
      expect(resumed.subscription).toMatchObject({ cancelAtPeriodEnd: false });
      // The provider's events for both changes land after the answers, and do not undo the resume.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await sql`select cancel_at_period_end from public.user_subscriptions where user_id = ${user.id}`)[0]?.cancel_at_period_end).toBe(false);
    });

    it('leaves plan switches to the provider’s portal', async () => {
      await expectJson(await call(app.url, user, '/api/subscription/change-plan', { method: 'POST', body: { productId: products.starter } }), 409, {
        error: 'Plans are changed in the billing portal: open Manage billing on your dashboard.',
      });
    });

    it('answers the seed’s 400 to a customer of another provider, both ways', async () => {
      await expectJson(await call(stack.appUrl, user, '/api/payments/portal', { method: 'POST', body: {} }), 400, {
        error: `Customer provider (${provider}) does not match active provider (polar)`,
      });
      const polarUser = await signUpUser(stack, `seam-polar-${provider}`);
      await subscribe(stack, polarUser, SEED_PRODUCT_IDS.pro, sql);
      await expectJson(await call(app.url, polarUser, '/api/payments/portal', { method: 'POST', body: {} }), 400, {
        error: `Customer provider (polar) does not match active provider (${provider})`,
      });
      // GET /api/portal stays Polar's route whichever provider bills, where Polar's keys are set.
      if (withPolar) {
        const polarPortal = await expectJson(await call(app.url, polarUser, '/api/portal'), 200);
        expect(new URL(String(polarPortal.url)).origin).toBe(new URL(stack.polarUrl).origin);
      } else {
        await expectJson(await call(app.url, polarUser, '/api/portal'), 404, { error: NO_POLAR });
      }
    });

    it('ends the subscription at the provider before deleting the account', async () => {
      const subscriptionId = String((await sql`select subscription_id from public.user_subscriptions where user_id = ${user.id}`)[0]?.subscription_id);
      // Stored as paused (as a webhook of a paused subscription would leave it): a paused one bills again later, so it is ended too.
      await sql`update public.subscriptions set status = 'paused' where provider = ${provider} and subscription_id = ${subscriptionId}`;
      await expectJson(await call(app.url, user, '/api/account/delete', { method: 'POST', body: { confirmation: user.email } }), 200, { deleted: true, endedSubscriptions: 1 });
      expect(await sql`select 1 from auth.users where id = ${user.id}`).toHaveLength(0);
      // Billing stops at the provider: Stripe's subscription is canceled, Lemon Squeezy's cancelled (it bills no more).
      const at = await fetch(`${apiUrl}/v1/subscriptions/${subscriptionId}`, {
        headers: provider === 'stripe'
          ? { authorization: `Bearer ${stack.appEnv.STRIPE_SECRET_KEY}` }
          : { authorization: `Bearer ${stack.appEnv.LEMONSQUEEZY_API_KEY}`, accept: 'application/vnd.api+json', 'content-type': 'application/vnd.api+json' },
      }).then((r) => r.json() as Promise<{ status?: string; data?: { attributes: { status: string; cancelled: boolean } } }>);
      if (provider === 'stripe') expect(at.status).toBe('canceled');
      else expect(at.data?.attributes).toMatchObject({ status: 'cancelled', cancelled: true });
    });
  });
}

describe("PAYMENT_PROVIDER=stripe without Polar's keys", () => {
  it("answers 404 from Polar's own routes, after authentication, and serves the rest", async () => {
    const app = apps.get('stripe')!;
    const user = await signUpUser(stack, 'seam-no-polar');
    expect((await call(app.url, { ...user, cookie: '' }, '/api/portal')).status).toBe(401);
    await expectJson(await call(app.url, user, '/api/portal'), 404, { error: NO_POLAR });
    const webhook = await fetch(`${app.url}/api/webhooks/polar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expectJson(webhook, 404, { error: NO_POLAR });
    const cron = await fetch(`${app.url}/api/cron/reconcile`, { method: 'POST', headers: { authorization: `Bearer ${stack.appEnv.CRON_SECRET}` } });
    await expectJson(cron, 404, { error: NO_POLAR });
    const home = await fetch(`${app.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Stripe');

    // The operator view says so instead of reporting Polar unreachable; its reconcile is the 404.
    const operator = await signInUser(stack, DEMO_OPERATOR.email, DEMO_OPERATOR.password);
    const page = await navigate(`${app.url}/admin/billing`, operator.cookie);
    expect(page.status).toBe(200);
    expect(/data-testid="endpoint-state"[^>]*>(.*?)<\/p>/s.exec(page.body)?.[1]?.replaceAll('<!-- -->', '')).toBe(NO_POLAR);
    await expectJson(await call(app.url, operator, '/api/admin/reconcile', { method: 'POST' }), 404, { error: NO_POLAR });
  });
});
