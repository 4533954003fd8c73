// Changing plans, cancelling and resuming through the app's routes, against the production
// build, the Polar stand-in and real SQL: every status each route documents, the row changed
// from Polar's answer at once (webhooks held back to prove it) and by the events after it, and
// nothing changed when Polar or the card refuses.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { ALL_SCOPES, monthlyProduct, SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { entitlementsOf, eventually, polarFor, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const DAY = 24 * 60 * 60 * 1000;
const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
afterEach(async () => {
  await control.polarFaults({});
  await control.setAppTokenScopes();
  await control.setWebhookUrl(stack.webhookUrl);
});
afterAll(() => sql.end());

type Route = 'change-plan' | 'cancel' | 'resume';
const post = (route: Route, user: TestUser | null, body = '{}', headers: Record<string, string> = {}) =>
  fetch(`${stack.appUrl}/api/subscription/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.appUrl, ...(user ? { cookie: user.cookie } : {}), ...headers },
    body,
  });
const changePlan = (user: TestUser, productId: string) => post('change-plan', user, JSON.stringify({ productId }));

async function expectJson(response: Response, status: number, body?: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const json = (await response.json()) as Record<string, unknown>;
  if (body !== undefined) expect(json).toEqual(body);
  return json;
}

const rowOf = async (userId: string) => (await sql`select * from public.user_subscriptions where user_id = ${userId}`)[0]!;

async function subscriber(label: string, productId: string) {
  const user = await signUpUser(stack, label);
  await subscribe(stack, user, productId, sql);
  await control.polarIdle();
  return { user, subscriptionId: (await rowOf(user.id)).polar_subscription_id as string };
}

/** Polar's webhooks go nowhere while `act` runs; afterwards the held ones are delivered again. */
async function withWebhooksHeld<T>(userId: string, act: () => Promise<T>): Promise<T> {
  await control.polarIdle();
  const before = new Set((await control.deliveries()).map((d) => d.id));
  await control.setWebhookUrl('http://127.0.0.1:9/held-back');
  try {
    return await act();
  } finally {
    await control.polarIdle();
    await control.setWebhookUrl(stack.webhookUrl);
    const held = (await control.deliveries()).filter((d) => !before.has(d.id) && d.body.includes(userId));
    for (const webhookId of new Set(held.map((d) => d.webhookId))) await control.redeliver(webhookId);
  }
}

describe('every route: who may ask, and how', () => {
  it.each(['change-plan', 'cancel', 'resume'] as const)('%s: 401 signed out whatever the input, 403 from another site, 400 for a bad body, 405 for GET', async (route) => {
    const { user } = await subscriber(`gate-${route}`, SEED_PRODUCT_IDS.starter);
    await expectJson(await post(route, null, '{', { origin: 'https://evil.example' }), 401, { error: 'Unauthorized' });
    await expectJson(await post(route, user, JSON.stringify({ productId: SEED_PRODUCT_IDS.pro }), { origin: 'https://evil.example' }), 403, { error: 'Forbidden' });
    for (const body of ['{', '[]', 'null', '{"productId":5}', '{"productId":"x","more":1}']) {
      await expectJson(await post(route, user, body), 400, { error: 'Invalid request body' });
    }
    await expectJson(await post(route, user, JSON.stringify({ productId: SEED_PRODUCT_IDS.pro }), { 'content-type': 'text/plain' }), 400, { error: 'Invalid request body' });
    expect((await fetch(`${stack.appUrl}/api/subscription/${route}`, { headers: { cookie: user.cookie } })).status).toBe(405);
    expect((await rowOf(user.id)).product_id).toBe(SEED_PRODUCT_IDS.starter);
  });

  it.each(['change-plan', 'cancel', 'resume'] as const)('%s: 404 without a live subscription', async (route) => {
    const member = await signUpUser(stack, `member-${route}`);
    const body = route === 'change-plan' ? JSON.stringify({ productId: SEED_PRODUCT_IDS.pro }) : '{}';
    await expectJson(await post(route, member, body), 404, { error: 'No live subscription' });
    // An ended subscription is no live one either.
    const { user, subscriptionId } = await subscriber(`ended-${route}`, SEED_PRODUCT_IDS.starter);
    await polarFor(stack).subscriptions.revoke({ id: subscriptionId });
    await eventually(async () => (await rowOf(user.id)).status === 'canceled');
    await expectJson(await post(route, user, body), 404, { error: 'No live subscription' });
  });
});

describe('POST /api/subscription/change-plan', () => {
  it('answers 400 for a product that is not a plan', async () => {
    const { user } = await subscriber('not-a-plan', SEED_PRODUCT_IDS.starter);
    await expectJson(await changePlan(user, randomUUID()), 400, { error: 'Unknown plan' });
    // On Polar, but not a plan the app sells (a unit price the pricing page cannot show).
    const metered = monthlyProduct(randomUUID(), randomUUID(), 'Per Seat', 'Not on the pricing page', 1500);
    metered.prices = [{ ...metered.prices[0]!, amount_type: 'unit_based', price_amount: undefined }];
    await control.addPolarProduct(metered);
    try {
      await expectJson(await changePlan(user, metered.id), 400, { error: 'Unknown plan' });
    } finally {
      await control.addPolarProduct({ ...metered, is_archived: true });
    }
  });

  it('upgrades now: Polar charges the prorated difference at once, the row changes from its answer, Pro is granted', async () => {
    const { user, subscriptionId } = await subscriber('upgrade', SEED_PRODUCT_IDS.starter);
    const answer = await withWebhooksHeld(user.id, async () => {
      const response = await changePlan(user, SEED_PRODUCT_IDS.pro);
      // No webhook has reached the app: this is Polar's answer, stored by the route.
      expect(await rowOf(user.id)).toMatchObject({ product_id: SEED_PRODUCT_IDS.pro, pending_product_id: null, status: 'active' });
      return response;
    });
    const json = await expectJson(answer, 200);
    expect(json).toMatchObject({
      summary: 'You are on Pro now.',
      subscription: { id: subscriptionId, status: 'active', productId: SEED_PRODUCT_IDS.pro, plan: 'Pro', cancelAtPeriodEnd: false, pendingChange: null },
    });
    const paid = (await control.deliveries()).find((d) => d.type === 'order.paid' && d.body.includes(subscriptionId) && d.body.includes('subscription_update'));
    const order = (JSON.parse(paid!.body) as { data: { total_amount: number; items: Array<{ proration: boolean }> } }).data;
    // Close to a whole month of the $20 difference, charged now; prorated lines only.
    expect(order.total_amount).toBeGreaterThan(1900);
    expect(order.total_amount).toBeLessThanOrEqual(2000);
    expect(order.items.every((item) => item.proration)).toBe(true);
    await eventually(async () => (await entitlementsOf(stack, user)).includes('pro'));
    expect((await rowOf(user.id)).product_id).toBe(SEED_PRODUCT_IDS.pro);
    await expectJson(await changePlan(user, SEED_PRODUCT_IDS.pro), 409, { error: 'You are already on Pro.' });
  });

  it('downgrades at the next renewal: pending until then, Keep Pro calls it off, the clock makes the switch', async () => {
    const { user } = await subscriber('downgrade', SEED_PRODUCT_IDS.pro);
    const periodEnd = new Date((await rowOf(user.id)).current_period_end as Date).toISOString();
    const json = await expectJson(await changePlan(user, SEED_PRODUCT_IDS.starter), 200);
    const on = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(periodEnd));
    expect(json).toMatchObject({ summary: `Switches to Starter on ${on}.`, subscription: { productId: SEED_PRODUCT_IDS.pro, pendingChange: { productId: SEED_PRODUCT_IDS.starter, plan: 'Starter', appliesAt: periodEnd } } });
    expect(await rowOf(user.id)).toMatchObject({ product_id: SEED_PRODUCT_IDS.pro, pending_product_id: SEED_PRODUCT_IDS.starter });
    expect((await navigate(`${stack.appUrl}/dashboard`, user.cookie)).body).toContain(`Switches to Starter on ${on}`);
    await expectJson(await changePlan(user, SEED_PRODUCT_IDS.starter), 409, { error: `Your switch to Starter on ${on} is already scheduled.` });

    // Keep Pro: the scheduled switch is called off, and the webhooks that follow agree.
    await expectJson(await changePlan(user, SEED_PRODUCT_IDS.pro), 200, expect.objectContaining({ summary: 'You are on Pro, and staying.' }));
    expect((await rowOf(user.id)).pending_product_id).toBeNull();
    await control.polarIdle();
    expect((await rowOf(user.id)).pending_product_id).toBeNull();
    expect((await entitlementsOf(stack, user))).toEqual(['core', 'pro']);

    await expectJson(await changePlan(user, SEED_PRODUCT_IDS.starter), 200);
    await control.polarIdle();
    await control.advancePolarClock(31 * DAY);
    await control.polarIdle();
    await eventually(async () => (await rowOf(user.id)).product_id === SEED_PRODUCT_IDS.starter);
    expect(await rowOf(user.id)).toMatchObject({ status: 'active', pending_product_id: null });
    await eventually(async () => (await entitlementsOf(stack, user)).join() === 'core');
  });

  it("orders Polar's answers among late webhooks by Polar's time of the read: the downgrade's own event, landing after Keep Pro, does not bring the switch back", async () => {
    const { user } = await subscriber('answer-order', SEED_PRODUCT_IDS.pro);
    const before = new Set((await control.deliveries()).map((d) => d.id));
    // Polar's webhooks go nowhere, and its retries wait (a thousand times Polar's backoff), so
    // each event lands exactly when this test redelivers it.
    await control.setRetryTimeFactor(1000);
    await control.setWebhookUrl('http://127.0.0.1:9/held-back');
    try {
      // Right after the payment's webhooks landed: the answer is newer than they are.
      await expectJson(await changePlan(user, SEED_PRODUCT_IDS.starter), 200);
      expect((await rowOf(user.id)).pending_product_id).toBe(SEED_PRODUCT_IDS.starter);
      // Polar's Date is in whole seconds and trails by up to two: the next read is later than that.
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      await expectJson(await changePlan(user, SEED_PRODUCT_IDS.pro), 200, expect.objectContaining({ summary: 'You are on Pro, and staying.' }));
      await control.polarIdle();
    } finally {
      await control.setWebhookUrl(stack.webhookUrl);
      await control.setRetryTimeFactor(1);
    }
    expect((await rowOf(user.id)).pending_product_id).toBeNull();
    const held = (await control.deliveries()).filter((d) => !before.has(d.id) && d.body.includes(user.id) && d.type === 'subscription.updated');
    const scheduling = [...new Set(held.filter((d) => !d.body.includes('"pending_update":null')).map((d) => d.webhookId))];
    const keeping = [...new Set(held.filter((d) => d.body.includes('"pending_update":null')).map((d) => d.webhookId))];
    expect(scheduling.length).toBeGreaterThanOrEqual(1);
    expect(keeping.length).toBeGreaterThanOrEqual(1);
    // The schedule's event, late: older than Keep Pro's answer, so it changes nothing.
    for (const webhookId of scheduling) expect((await control.redeliver(webhookId)).status).toBe(200);
    const outcomes = await sql<{ outcome: string }[]>`select outcome from public.polar_webhook_events where webhook_id in ${sql(scheduling)}`;
    expect(outcomes.map((o) => o.outcome)).toEqual(scheduling.map(() => 'stale'));
    expect((await rowOf(user.id)).pending_product_id).toBeNull();
    // Keep Pro's own event agrees with the answer already stored.
    for (const webhookId of keeping) expect((await control.redeliver(webhookId)).status).toBe(200);
    expect((await rowOf(user.id)).pending_product_id).toBeNull();
  });

  it('answers 409 for a subscription set to end, or whose payment failed', async () => {
    const { user: ending } = await subscriber('ending-then-upgrade', SEED_PRODUCT_IDS.starter);
    await expectJson(await post('cancel', ending), 200);
    const refused = await expectJson(await changePlan(ending, SEED_PRODUCT_IDS.pro), 409);
    expect(refused.error).toMatch(/^Your subscription ends on .+\. Resume it on your dashboard to change plans\.$/);

    const { user: failing } = await subscriber('past-due-then-upgrade', SEED_PRODUCT_IDS.starter);
    await control.setPaymentFailing({ externalId: failing.id }, true);
    await control.advancePolarClock(31 * DAY);
    await control.polarIdle();
    await eventually(async () => (await rowOf(failing.id)).status === 'past_due');
    await expectJson(await changePlan(failing, SEED_PRODUCT_IDS.pro), 409, { error: 'Your last payment failed. Update your payment method before changing plans.' });
  });

  it('answers 402 when the card is declined, and nothing changed here or at Polar', async () => {
    const { user, subscriptionId } = await subscriber('declined-upgrade', SEED_PRODUCT_IDS.starter);
    await control.setPaymentFailing({ externalId: user.id }, true);
    await expectJson(await changePlan(user, SEED_PRODUCT_IDS.pro), 402, { error: 'Your payment method was declined, so nothing was changed. Update it in billing, then try again.' });
    expect((await rowOf(user.id)).product_id).toBe(SEED_PRODUCT_IDS.starter);
    expect((await polarFor(stack).subscriptions.get({ id: subscriptionId })).productId).toBe(SEED_PRODUCT_IDS.starter);
  });

  it("answers 502 when Polar fails or the token lacks the scope, 503 at Polar's rate limit; nothing changed", async () => {
    const { user } = await subscriber('polar-down', SEED_PRODUCT_IDS.starter);
    const before = await rowOf(user.id);
    await control.polarFaults({ status: 500 });
    await expectJson(await changePlan(user, SEED_PRODUCT_IDS.pro), 502, { error: 'Something went wrong' });
    await expectJson(await post('cancel', user), 502, { error: 'Something went wrong' });
    await control.polarFaults({ status: 429 });
    const limited = await changePlan(user, SEED_PRODUCT_IDS.pro);
    await expectJson(limited, 503, { error: 'Billing is busy right now. Please try again in a minute.' });
    expect(limited.headers.get('retry-after')).toBe('60');
    await control.polarFaults({});
    await control.setAppTokenScopes(ALL_SCOPES.filter((scope) => scope !== 'subscriptions:write'));
    await expectJson(await post('cancel', user), 502, { error: 'Something went wrong' });
    expect(await control.appLogs()).toContain('lacks the subscriptions:write scope needed for updating a subscription');
    expect(await rowOf(user.id)).toEqual(before);
  });
});

describe('POST /api/subscription/cancel and /resume', () => {
  it('cancel: at period end, reflected at once, access kept; again is a 409. Resume undoes it; again is a 409', async () => {
    const { user } = await subscriber('cancel-resume', SEED_PRODUCT_IDS.starter);
    const cancelled = await withWebhooksHeld(user.id, async () => {
      const response = await expectJson(await post('cancel', user), 200);
      expect(await rowOf(user.id)).toMatchObject({ status: 'active', cancel_at_period_end: true });
      return response;
    });
    expect(cancelled).toMatchObject({ subscription: { status: 'active', cancelAtPeriodEnd: true, plan: 'Starter' } });
    expect(cancelled.summary).toMatch(/^Your subscription ends on .+\. You keep access until then\.$/);
    await expectJson(await post('cancel', user), 409);
    expect(await entitlementsOf(stack, user)).toEqual(['core']);
    expect((await navigate(`${stack.appUrl}/dashboard`, user.cookie)).body).toContain('Resume subscription');

    const resumed = await expectJson(await post('resume', user), 200);
    expect(resumed).toMatchObject({ subscription: { cancelAtPeriodEnd: false } });
    expect(resumed.summary).toMatch(/^Your subscription renews on .+ again\.$/);
    await control.polarIdle();
    expect((await rowOf(user.id)).cancel_at_period_end).toBe(false);
    await expectJson(await post('resume', user), 409, { error: 'Your subscription is not set to end: there is nothing to resume.' });
  });
});
