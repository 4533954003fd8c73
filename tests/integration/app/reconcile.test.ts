// The reconciler through its cron route, against the Polar stand-in: authorised by the cron
// secret, it finds and repairs what webhooks left wrong — a row edited by hand, deliveries
// Polar gave up on, a checkout that never synced — redelivers what failed, and says loudly
// when Polar has switched the webhook endpoint off.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { entitlementsOf, eventually, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { payCheckoutPage, payThroughHostedCheckout } from '../../fixtures/polar-hosted-pages.ts';
import { stackControl } from '../../fixtures/stack-control.ts';
import { polarFor } from '../../fixtures/app-users.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);

afterEach(async () => {
  await control.setWebhookUrl(stack.webhookUrl);
  await control.setRetryTimeFactor(1);
  await polarFor(stack).webhooks.updateWebhookEndpoint({ id: (await control.webhookEndpoint()).id, webhookEndpointUpdate: { enabled: true } });
});
afterAll(() => sql.end());

const cron = (query = '', authorization: string | null = `Bearer ${stack.appEnv.CRON_SECRET}`, method = 'POST') =>
  fetch(`${stack.appUrl}/api/cron/reconcile${query}`, { method, headers: authorization ? { authorization } : {} });

async function reconciled(query = '') {
  const response = await cron(query);
  expect(response.status).toBe(200);
  return (await response.json()) as { done: boolean; busy: boolean; checked: number; drifted: number; repaired: number; failed: number; redelivered: number; polarCalls: number; endpoint: { enabled: boolean } | null; notes: string[] };
}

const rowOf = async (user: TestUser) => (await sql`select status, product_id, cancel_at_period_end from public.subscriptions where user_id = ${user.id}`)[0];

/** Polar's webhooks go nowhere, and Polar gives up on them quickly (retries a thousand times faster). */
async function losingWebhooks<T>(work: () => Promise<T>): Promise<T> {
  // What was sent before is delivered first: only the work's own webhooks are lost.
  await control.polarSettled();
  await control.setRetryTimeFactor(0.001);
  await control.setWebhookUrl('http://127.0.0.1:9/unreachable');
  try {
    return await work();
  } finally {
    // Every event of the work fails for good (ten attempts) before the URL comes back.
    await control.polarSettled();
    await control.setWebhookUrl(stack.webhookUrl);
  }
}

describe('POST /api/cron/reconcile', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong secret', 'Bearer not-the-secret-but-long-enough'],
    ['the secret without Bearer', stack.appEnv.CRON_SECRET],
  ])('answers 401 JSON to %s', async (_name, authorization) => {
    const response = await cron('', authorization);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('answers 200 with the counts, to GET (Vercel Cron) as to POST, and finds nothing to do when nothing drifted', async () => {
    // Whatever the files before this one left for the reconciler is taken care of first.
    await control.polarSettled();
    expect(await reconciled()).toMatchObject({ done: true, busy: false });
    for (const method of ['GET', 'POST']) {
      const response = await cron('', `Bearer ${stack.appEnv.CRON_SECRET}`, method);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ done: true, busy: false, drifted: 0, repaired: 0, endpoint: { enabled: true } });
    }
  });

  it('runs one at a time: while another run holds the lease, a second answers busy and writes nothing', async () => {
    const runsBefore = Number((await sql`select count(*) from public.reconcile_runs`)[0]!.count);
    // A run that crashed mid-way (a killed serverless function) leaves its lease until it expires.
    await sql`update public.reconcile_state set lease_until = now() + interval '1 minute' where id = 'polar'`;
    try {
      expect(await reconciled()).toMatchObject({ busy: true, done: false, checked: 0 });
      expect(Number((await sql`select count(*) from public.reconcile_runs`)[0]!.count)).toBe(runsBefore);
    } finally {
      await sql`update public.reconcile_state set lease_until = now() - interval '1 second' where id = 'polar'`;
    }
    // An expired lease is taken over; of two runs started together, exactly one works.
    const together = await Promise.all([reconciled(), reconciled()]);
    expect(together.map((run) => run.busy).sort()).toEqual([false, true]);
    expect(Number((await sql`select count(*) from public.reconcile_runs`)[0]!.count)).toBe(runsBefore + 1);
  });

  it('repairs, in a full sweep, a subscription and a grant edited by hand in SQL', async () => {
    const user = await signUpUser(stack, 'corrupted');
    await subscribe(stack, user, SEED_PRODUCT_IDS.pro, sql);
    await eventually(async () => (await entitlementsOf(stack, user)).length === 2);
    // Every webhook of the payment has landed: none can undo the edits below before the sweep.
    await control.polarSettled();
    await sql`update public.subscriptions set status = 'canceled', cancel_at_period_end = true where user_id = ${user.id}`;
    await sql`update public.user_entitlements set revoked_at = now() where user_id = ${user.id} and key = 'pro'`;
    await sql`update public.user_subscriptions set status = 'canceled' where user_id = ${user.id}`;

    const run = await reconciled('?full=1');
    expect(run).toMatchObject({ done: true });
    // The sweep reads the whole organization: other files leave customers no user owns, which it
    // reports. Nothing of this user's is among them.
    const ours = await sql<{ id: string }[]>`
      select subscription_id as id from public.subscriptions where user_id = ${user.id}
      union all select grant_id from public.user_entitlements where user_id = ${user.id}`;
    expect(run.notes.filter((note) => ours.some(({ id }) => note.includes(id)))).toEqual([]);
    expect(run.repaired).toBeGreaterThanOrEqual(2);
    expect(await rowOf(user)).toMatchObject({ status: 'active', cancel_at_period_end: false });
    expect(await entitlementsOf(stack, user)).toEqual(['core', 'pro']);
    expect((await sql`select status from public.user_subscriptions where user_id = ${user.id}`)[0]).toEqual({ status: 'active' });
    // Nothing of this user's is left to repair. (Other files, running meanwhile, may leave drift
    // of their own for this second sweep: only this user's objects are asked about.)
    const secondSweepStarted = (await sql`select now() as at`)[0]!.at as Date;
    expect(await reconciled('?full=1')).toMatchObject({ done: true });
    expect([...await sql`select object_id, outcome from public.reconcile_changes where user_id = ${user.id} and created_at >= ${secondSweepStarted}`]).toEqual([]);
    expect(await rowOf(user)).toMatchObject({ status: 'active', cancel_at_period_end: false });
  });

  it('repairs, incrementally, what deliveries Polar gave up on would have written, and redelivers them', async () => {
    const user = await signUpUser(stack, 'lost-webhooks');
    await subscribe(stack, user, SEED_PRODUCT_IDS.starter, sql);
    const subscriptionId = (await sql<{ subscription_id: string }[]>`select subscription_id from public.subscriptions where user_id = ${user.id}`)[0]!.subscription_id;
    await losingWebhooks(() => polarFor(stack).subscriptions.update({ id: subscriptionId, subscriptionUpdate: { cancelAtPeriodEnd: true } }));
    expect(await rowOf(user)).toMatchObject({ cancel_at_period_end: false });

    const run = await reconciled();
    expect(run.repaired).toBeGreaterThanOrEqual(1);
    expect(run.redelivered).toBeGreaterThanOrEqual(2);
    expect(await rowOf(user)).toMatchObject({ status: 'active', cancel_at_period_end: true });
    // The redeliveries land, and find the state already right.
    await control.polarIdle();
    await eventually(async () => {
      const outcomes = await sql`select outcome from public.polar_webhook_events where payload::text like ${`%${subscriptionId}%`} and type in ('subscription.updated', 'subscription.canceled') and received_at > now() - interval '1 minute'`;
      return outcomes.length >= 2 && outcomes.every((o) => o.outcome === 'duplicate' || o.outcome === 'stale');
    });
  });

  it('finds a paid checkout that never synced (no webhook, no dashboard visit)', async () => {
    const user = await signUpUser(stack, 'never-synced');
    const start = await fetch(`${stack.appUrl}/api/checkout?products=${SEED_PRODUCT_IDS.pro}`, { headers: { cookie: user.cookie } });
    const { url } = (await start.json()) as { url: string };
    await losingWebhooks(() => payCheckoutPage(url, user.email, SEED_PRODUCT_IDS.pro));
    expect(await rowOf(user)).toBeUndefined();
    // The reconciler leaves a fresh checkout ten minutes to sync by itself.
    await sql`update public.billing_checkouts set created_at = now() - interval '11 minutes' where user_id = ${user.id}`;
    const run = await reconciled();
    expect(run.repaired).toBeGreaterThanOrEqual(1);
    expect(await rowOf(user)).toMatchObject({ status: 'active', product_id: SEED_PRODUCT_IDS.pro });
    expect(await entitlementsOf(stack, user)).toEqual(['core', 'pro']);
  });

  it('reports a live subscription that no user of the app has, and lets it be once it has ended', async () => {
    const polar = polarFor(stack);
    // Bought at Polar for a customer whose external id is no user here (a link shared outside
    // the app, an account deleted while its subscription went on).
    const stranger = randomUUID();
    await payThroughHostedCheckout(polar, { productId: SEED_PRODUCT_IDS.starter, externalCustomerId: stranger, email: `stranger-${stranger.slice(0, 8)}@billing-starter.dev` });
    const subscriptionId = await eventually(async () => (await polar.subscriptions.list({ externalCustomerId: stranger })).result.items[0]?.id);
    await control.polarSettled();
    const about = (run: { notes: string[] }) => run.notes.filter((note) => note.includes(subscriptionId));

    // Someone pays, and the app sees no one: a failure an operator must look at.
    const live = await reconciled('?full=1');
    expect(live.done).toBe(true);
    expect(about(live)).toEqual([expect.stringContaining('belongs to no user of this app')]);

    // Ended, it bills and grants nothing: nothing is left to chase.
    await polar.subscriptions.revoke({ id: subscriptionId });
    await control.polarSettled();
    const ended = await reconciled('?full=1');
    expect(ended.done).toBe(true);
    expect(about(ended)).toEqual([]);
  });

  it('says loudly that Polar switched the endpoint off, then redelivers its failed deliveries once it is back on', async () => {
    const user = await signUpUser(stack, 'endpoint-off');
    await losingWebhooks(async () => {
      await subscribe(stack, user, SEED_PRODUCT_IDS.starter, sql).catch(() => undefined);
    });
    await eventually(async () => !(await control.webhookEndpoint()).enabled, 20_000);

    const off = await reconciled();
    expect(off.endpoint).toMatchObject({ enabled: false });
    expect(off.failed).toBeGreaterThanOrEqual(1);
    expect(off.notes.join(' ')).toMatch(/switched off the webhook endpoint .* Re-enable it .* run a full reconcile/);
    expect(off.redelivered).toBe(0);
    // The state is right anyway: the reconciler read it from Polar (the payment's events had
    // their attempts before Polar switched the endpoint off, so they are listed as failed).
    expect(await rowOf(user), JSON.stringify(off)).toMatchObject({ status: 'active' });

    await polarFor(stack).webhooks.updateWebhookEndpoint({ id: (await control.webhookEndpoint()).id, webhookEndpointUpdate: { enabled: true } });
    const on = await reconciled();
    expect(on.endpoint).toMatchObject({ enabled: true });
    expect(on.redelivered).toBeGreaterThanOrEqual(10);
    await control.polarIdle();
    const landed = await sql`select count(*)::int as n from public.polar_webhook_events where payload::text like ${`%${user.id}%`}`;
    expect(landed[0]!.n).toBeGreaterThanOrEqual(10);
  });
});
