// The convergence property. fast-check chooses a schedule: faults in Polar's webhook sending
// (drops, lost answers, timeouts with the app still at work, duplicates, reordering), stretches
// with the app unreachable, the endpoint switched off by Polar after 10 failed events, and users
// driven through their lives at Polar (checkout of a plan and its benefits, cancel, uncancel,
// revoke, renewal, failed renewal, upgrade now, downgrade at renewal and calling it off). After
// the storm and one full reconcile, every user's subscriptions, user_subscriptions row and
// grants equal Polar's, field by field; deliveries Polar makes late change nothing. The drift
// found before the reconcile is reported, so the reconciler is seen doing the work.
//
// CHAOS_RUNS schedules (20 by default; `npm run test:chaos` runs 200). A failure prints the
// fast-check seed and path that replay the schedule (the fault draws are seeded too; timing is not).
import fc from 'fast-check';
import { createPolar } from 'polar-sdk-v1/2026-10';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import type { SenderFaults } from '../../../local/polar/index.ts';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { billingDrift, type Drift } from '../../fixtures/billing-drift.ts';
import { signUpUser, sqlFor, type TestUser } from '../../fixtures/app-users.ts';
import { payThroughHostedCheckout } from '../../fixtures/polar-hosted-pages.ts';
import { polarFor } from '../../fixtures/app-users.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const RUNS = Number(process.env.CHAOS_RUNS ?? 20);
// CHAOS_SEED=<seed> CHAOS_PATH=<path> replays a failing schedule (fast-check prints both).
const replay = process.env.CHAOS_SEED ? { seed: Number(process.env.CHAOS_SEED), path: process.env.CHAOS_PATH } : {};
const USERS = 3;
const DAY = 24 * 60 * 60 * 1000;
const UNREACHABLE = 'http://127.0.0.1:9/unreachable';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
const polar = createPolar({ accessToken: stack.polarAccessToken, baseUrl: stack.polarUrl });
const drift = billingDrift(stack, sql);

async function restoreSending() {
  await control.setSenderFaults(null);
  await control.setWebhookUrl(stack.webhookUrl);
  const endpoint = await control.webhookEndpoint();
  if (!endpoint.enabled) await polar.webhooks.updateWebhookEndpoint(endpoint.id, { enabled: true });
  await control.setRetryTimeFactor(1);
}
afterEach(restoreSending);
afterAll(() => sql.end());

type Op =
  | { kind: 'subscribe'; user: number; plan: 'starter' | 'pro' }
  | { kind: 'cancel' | 'uncancel' | 'revoke'; user: number }
  | { kind: 'change'; user: number; plan: 'starter' | 'pro'; timing: 'now' | 'next_period' }
  | { kind: 'keep'; user: number }
  | { kind: 'card'; user: number; failing: boolean }
  | { kind: 'renew' }
  | { kind: 'outage'; ops: number; outlastRetries: boolean }
  | { kind: 'endpoint-disabled' };

const user = fc.nat(USERS - 1);
const plan = fc.constantFrom('starter' as const, 'pro' as const);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), user, plan }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('cancel' as const, 'uncancel' as const, 'revoke' as const), user }) },
  // Plan changes: Polar schedules and clears a downgrade without touching modified_at, so these
  // states are ordered by event time (a webhook's timestamp, an API read's Date).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('change' as const), user, plan, timing: fc.constantFrom('now' as const, 'next_period' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('keep' as const), user }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('card' as const), user, failing: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renew' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outage' as const), ops: fc.integer({ min: 1, max: 4 }), outlastRetries: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('endpoint-disabled' as const) }) },
);
const percent = (max: number) => fc.integer({ min: 0, max }).map((p) => p / 100);
const faults: fc.Arbitrary<SenderFaults> = fc.record({
  seed: fc.integer(),
  drop: percent(25),
  abortAfterSend: percent(10),
  timeout: percent(10),
  duplicate: percent(20),
  delay: percent(25),
  maxDelayMs: fc.integer({ min: 5, max: 150 }),
});
const schedule = fc.record({
  faults,
  firstPlans: fc.array(plan, { minLength: USERS, maxLength: USERS }),
  ops: fc.array(op, { minLength: 2, maxLength: 10 }).filter((ops) => ops.filter((o) => o.kind === 'renew').length <= 2),
});

/** Polar answers 4xx to what a subscription's state does not allow (cancel twice, say): that step is a no-op. */
async function atPolar(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    const status = (error as { statusCode?: number; status?: number }).statusCode ?? (error as { status?: number }).status;
    if (!status || status >= 500) throw error;
  }
}

function lifecycle(users: TestUser[]) {
  const subscriptionsOf = async (who: TestUser) => (await polar.subscriptions.list({ external_customer_id: who.id, limit: 100 })).items;
  const live = async (who: TestUser) => (await subscriptionsOf(who)).filter((s) => ['active', 'trialing', 'past_due'].includes(s.status));

  return async function perform(step: Exclude<Op, { kind: 'outage' | 'endpoint-disabled' }>) {
    if (step.kind === 'renew') return void (await control.advancePolarClock(31 * DAY));
    const who = users[step.user]!;
    if (step.kind === 'subscribe') {
      // Refused by Polar's checkout when the customer already has a live subscription.
      await payThroughHostedCheckout(polarFor(stack), { productId: SEED_PRODUCT_IDS[step.plan], externalCustomerId: who.id, email: who.email });
      return;
    }
    if (step.kind === 'card') return void (await control.setPaymentFailing({ externalId: who.id }, step.failing).catch(() => undefined));
    const [sub] = await live(who);
    if (!sub) return;
    // The app's own plan-change calls (src/lib/payments/polar-subscription-changes.ts): an upgrade
    // now, charged at once (refused with a failing card); a downgrade scheduled for the renewal.
    if (step.kind === 'change') {
      const proration = step.timing === 'now' ? 'invoice' : 'next_period';
      return void (await atPolar(() => polar.subscriptions.update(sub.id, { product_id: SEED_PRODUCT_IDS[step.plan], proration_behavior: proration })));
    }
    if (step.kind === 'keep') return void (await atPolar(() => polar.subscriptions.update(sub.id, { pending_update: null })));
    if (step.kind === 'revoke') await atPolar(() => polar.subscriptions.revoke(sub.id));
    else await atPolar(() => polar.subscriptions.update(sub.id, { cancel_at_period_end: step.kind === 'cancel' }));
  };
}

async function cron(query: string) {
  const response = await fetch(`${stack.appUrl}/api/cron/reconcile${query}`, { method: 'POST', headers: { authorization: `Bearer ${stack.appEnv.CRON_SECRET}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { done: boolean; busy: boolean; drifted: number; repaired: number; failed: number; notes: string[] };
}

const summarise = (found: Drift[]) => found.reduce<Record<string, number>>((by, d) => ({ ...by, [`${d.object}.${d.field}`]: (by[`${d.object}.${d.field}`] ?? 0) + 1 }), {});

describe('convergence under chaos', () => {
  const report = { runs: 0, runsWithDriftBefore: 0, driftBefore: {} as Record<string, number>, faults: {} as Record<string, number>, repaired: 0, outages: 0, disabled: 0 };

  afterAll(() => {
    console.log(`chaos: ${JSON.stringify(report)}`);
  });

  it(`holds over ${RUNS} schedules: after the storm and one full reconcile, 0 drift`, { timeout: RUNS * 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async ({ faults: senderFaults, firstPlans, ops }) => {
        await control.polarSettled();
        await control.setRetryTimeFactor(0.0005);
        const users = await Promise.all(Array.from({ length: USERS }, (_, i) => signUpUser(stack, `chaos-${i}`)));
        const perform = lifecycle(users);
        await control.setSenderFaults(senderFaults);
        try {
          for (const [i, chosen] of firstPlans.entries()) await perform({ kind: 'subscribe', user: i, plan: chosen });
          let outageLeft = 0;
          let outlast = false;
          for (const step of ops) {
            if (step.kind === 'outage' || step.kind === 'endpoint-disabled') {
              report.outages += 1;
              await control.setWebhookUrl(UNREACHABLE);
              if (step.kind === 'endpoint-disabled') {
                // Everything sent now fails for good; ten such events in a row and Polar switches the endpoint off.
                await control.advancePolarClock(31 * DAY);
                await control.polarSettled();
                if (!(await control.webhookEndpoint()).enabled) report.disabled += 1;
                await control.setWebhookUrl(stack.webhookUrl);
              } else {
                [outageLeft, outlast] = [step.ops, step.outlastRetries];
              }
              continue;
            }
            await perform(step);
            if (outageLeft > 0 && --outageLeft === 0) {
              if (outlast) await control.polarSettled();
              await control.setWebhookUrl(stack.webhookUrl);
            }
          }
          // The storm ends: what Polar still retries is delivered or given up on, faults and all.
          await control.polarSettled();
          for (const [fault, count] of Object.entries(await control.senderFaultCounts())) report.faults[fault] = (report.faults[fault] ?? 0) + count;
        } finally {
          await restoreSending();
        }

        const before = await drift.driftOfAll(users);
        report.runs += 1;
        if (before.length) report.runsWithDriftBefore += 1;
        for (const [field, count] of Object.entries(summarise(before))) report.driftBefore[field] = (report.driftBefore[field] ?? 0) + count;

        // The operator's step after an incident: one full reconcile.
        const full = await cron('?full=1');
        expect(full, full.notes.join('\n')).toMatchObject({ done: true, busy: false });
        // It reads the whole organization; what it could not repair is never about this schedule's users.
        const ids = sql.array(users.map((u) => u.id));
        const ours = await sql<{ id: string }[]>`
          select subscription_id as id from public.subscriptions where user_id = any(${ids}::uuid[])
          union all select grant_id from public.user_entitlements where user_id = any(${ids}::uuid[])`;
        const aboutThisRun = (note: string) => note.startsWith('the run stopped') || ours.some(({ id }) => note.includes(id));
        expect(full.notes.filter(aboutThisRun)).toEqual([]);
        report.repaired += full.repaired;
        await control.polarSettled();
        const after = await drift.driftOfAll(users);
        expect(after).toEqual([]);

        // The next scheduled run redelivers what Polar gave up on; those late events are stale.
        await control.setRetryTimeFactor(0.0005);
        const incremental = await cron('');
        expect(incremental, incremental.notes.join('\n')).toMatchObject({ busy: false });
        expect(incremental.notes.filter(aboutThisRun)).toEqual([]);
        await control.polarSettled();
        const late = await drift.driftOfAll(users);
        expect(late).toEqual([]);

        // Leave the organization small for the next schedule: this one's subscriptions end.
        for (const who of users) {
          for (const sub of (await polar.subscriptions.list({ external_customer_id: who.id, limit: 100 })).items) {
            if (['active', 'trialing', 'past_due'].includes(sub.status)) await atPolar(() => polar.subscriptions.revoke(sub.id));
          }
        }
      }),
      { numRuns: RUNS, endOnFailure: true, verbose: 1, ...replay },
    );
    // The storms did break things: otherwise 0 drift after the reconcile would prove nothing.
    expect(report.runsWithDriftBefore).toBeGreaterThan(0);
  });
});
