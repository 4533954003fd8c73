// What the pages say about a subscription beyond "active": the pricing page knowing the viewer,
// a trial (when it ends, what follows, access meanwhile) and a failed renewal (the banner on
// every signed-in page, until when access holds, and what happens after), through the production
// build and the Polar stand-in's clock.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { monthlyProduct, SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { OFFLINE_GRACE_DAYS } from '../../../local/stack.ts';
import { entitlementsOf, eventually, polarFor, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { payThroughHostedCheckout } from '../../fixtures/polar-hosted-pages.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const DAY = 24 * 60 * 60 * 1000;
const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
const added: Array<ReturnType<typeof monthlyProduct>> = [];
afterAll(async () => {
  for (const product of added) await control.addPolarProduct({ ...product, is_archived: true });
  await sql.end();
});

const longDate = (value: string | Date) => new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(value));
const rowOf = async (userId: string) => (await sql`select * from public.user_subscriptions where user_id = ${userId}`)[0]!;
const page = async (path: string, user?: TestUser) => (await navigate(`${stack.appUrl}${path}`, user?.cookie)).body;
/** The text of the element with this test id (entities decoded), or null. */
const testId = (html: string, id: string) => {
  const text = html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1];
  return text === undefined ? null : text.replaceAll('&#x27;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
};
const BANNER = 'Your last payment failed';

describe('the pricing page', () => {
  it('offers a visitor and a member Subscribe; marks a subscriber\'s plan and offers the switches, priced', async () => {
    for (const html of [await page('/'), await page('/', await signUpUser(stack, 'pricing-member'))]) {
      expect(html).toContain('aria-label="Subscribe to Starter"');
      expect(html).toContain('aria-label="Subscribe to Pro"');
    }
    const starter = await signUpUser(stack, 'pricing-starter');
    await subscribe(stack, starter, SEED_PRODUCT_IDS.starter, sql);
    const asStarter = await page('/', starter);
    expect(asStarter).not.toContain('Subscribe to');
    expect(asStarter).toMatch(/aria-current="true" aria-labelledby="plan-11111111[^"]*"/);
    expect(asStarter).toContain('This is your plan.');
    expect(asStarter).toContain('Upgrade · the difference is charged today');
    expect(asStarter).toContain('>Switch to Pro</button>');
    expect(asStarter).toMatch(/Switch to Pro now\. You are charged about \$(19\.\d\d|20) today for the rest of this period \(until [A-Z][a-z]+ \d+, \d{4}\), then \$29 \/ month\./);

    const pro = await signUpUser(stack, 'pricing-pro');
    await subscribe(stack, pro, SEED_PRODUCT_IDS.pro, sql);
    const on = longDate((await rowOf(pro.id)).current_period_end as Date);
    expect(await page('/', pro)).toContain(`Downgrade · from ${on}`);
    const scheduled = await fetch(`${stack.appUrl}/api/subscription/change-plan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.appUrl, cookie: pro.cookie },
      body: JSON.stringify({ productId: SEED_PRODUCT_IDS.starter }),
    });
    expect(scheduled.status).toBe(200);
    const asPro = await page('/', pro);
    expect(asPro).toContain(`Switches to Starter on ${on}.`);
    expect(asPro).toContain('>Keep Pro</button>');
    expect(asPro).toContain(`Your plan from ${on}.`);
  });
});

describe('a trial', () => {
  it('starts trialing with access; the dashboard says when it ends and what follows; it converts at its end', async () => {
    const trial = { ...monthlyProduct(randomUUID(), randomUUID(), 'Team Trial', 'Two weeks free, then monthly', 4900), trial_interval: 'day' as const, trial_interval_count: 14 };
    // Pro's benefits, as Polar's API returns them: the grants of the trial carry the same keys.
    trial.benefits = (await (await fetch(`${stack.polarUrl}/v1/products/${SEED_PRODUCT_IDS.pro}`, { headers: { authorization: `Bearer ${stack.polarAccessToken}` } })).json()).benefits;
    added.push(trial);
    await control.addPolarProduct(trial);
    expect(await eventually(async () => (await page('/')).includes('Team Trial') && page('/'))).toContain('Starts with a 14-day free trial');

    const user = await signUpUser(stack, 'trial');
    await payThroughHostedCheckout(polarFor(stack), { productId: trial.id, externalCustomerId: user.id, email: user.email, successUrl: `${stack.appUrl}/dashboard` });
    await eventually(async () => (await rowOf(user.id))?.status === 'trialing');
    await eventually(async () => (await entitlementsOf(stack, user)).join() === 'core,pro');
    const { trial_end: trialEnd } = await rowOf(user.id);
    const dashboard = await page('/dashboard', user);
    expect(testId(dashboard, 'status-badge')).toBe('Trialing');
    expect(testId(dashboard, 'plan-timing')).toBe(`Trial ends on ${longDate(trialEnd as Date)}`);
    expect(testId(dashboard, 'trial-terms')).toBe('Then $49 / month. Nothing is charged before the trial ends, and access is yours meanwhile.');
    expect(await page('/pro', user)).toContain('Add note');

    await control.advancePolarClock(15 * DAY);
    await control.polarIdle();
    await eventually(async () => (await rowOf(user.id)).status === 'active');
    const converted = await page('/dashboard', user);
    expect(testId(converted, 'status-badge')).toBe('Active');
    expect(testId(converted, 'trial-terms')).toBeNull();
    const paid = (await control.deliveries()).filter((d) => d.type === 'order.paid' && d.body.includes(user.id)).map((d) => JSON.parse(d.body).data);
    expect(paid.map((order: { total_amount: number; billing_reason: string }) => [order.billing_reason, order.total_amount])).toEqual([
      ['subscription_create', 0],
      ['subscription_cycle', 4900],
    ]);
    expect(await entitlementsOf(stack, user)).toEqual(['core', 'pro']);
  });
});

describe('a failed renewal', () => {
  it(`shows a banner on every signed-in page: access holds ${OFFLINE_GRACE_DAYS} days, then pauses; the end of dunning removes it`, async () => {
    const user = await signUpUser(stack, 'past-due');
    await subscribe(stack, user, SEED_PRODUCT_IDS.pro, sql);
    await control.setPaymentFailing({ externalId: user.id }, true);
    await control.advancePolarClock(31 * DAY);
    await control.polarIdle();
    await eventually(async () => (await rowOf(user.id)).status === 'past_due');
    const { past_due_at: failedAt } = await rowOf(user.id);
    const until = longDate(new Date((failedAt as Date).getTime() + OFFLINE_GRACE_DAYS * DAY));
    for (const path of ['/', '/dashboard', '/pro']) {
      const html = await page(path, user);
      expect(html, path).toContain(BANNER);
      expect(testId(html, 'past-due-access'), path).toBe(`You keep access until ${until} while the payment is retried. Update your payment method to keep your plan.`);
      expect(html, path).toContain('>Update payment method</button>');
    }
    expect(await page('/pro', user)).toContain('Add note');
    expect(testId(await page('/dashboard', user), 'plan-timing')).toBe(`Payment failed on ${longDate(failedAt as Date)}`);
    // Nobody else sees it.
    expect(await page('/')).not.toContain(BANNER);

    // Polar revokes the benefits at its first retry after the grace period.
    await control.advancePolarClock(OFFLINE_GRACE_DAYS * DAY);
    await control.polarIdle();
    await eventually(async () => (await entitlementsOf(stack, user)).length === 0);
    const paused = await page('/dashboard', user);
    expect(testId(paused, 'past-due-access')).toBe("Your plan's features are paused until the payment goes through. Update your payment method to get them back.");
    expect(await page('/pro', user)).toContain('See the Pro plan');

    // The last retry fails: the subscription ends (Polar sets canceled, never unpaid), the banner goes.
    await control.advancePolarClock(14 * DAY);
    await control.polarIdle();
    await eventually(async () => (await rowOf(user.id)).status === 'canceled');
    const ended = await page('/dashboard', user);
    expect(ended).not.toContain(BANNER);
    expect(testId(ended, 'status-badge')).toBe('Canceled');
  });
});
