// Scenario 2: a burst of signed Polar deliveries — shuffled, a share redelivered with the same
// webhook-id — from 50 concurrent senders, to the app and to the bare baseline
// (bench/baselines/webhook-server.ts) alternately, both tables reset before each run so both
// do equal work. Every run is checked: each delivery answered 2xx, each webhook-id recorded
// exactly once, and each subscription's row equal to its newest state.
import type postgres from 'postgres';
import type { BenchConfig } from '../config.ts';
import type { EventBody } from '../../tests/fixtures/polar-events.ts';
import { measureCpu } from '../lib/proc.ts';
import type { RssSampler } from '../lib/rss.ts';
import { sendAll } from '../lib/sender.ts';
import { percentile } from '../lib/stats.ts';
import { planWebhooks, signAll, type WebhookPlan } from '../lib/webhook-plan.ts';

export interface WebhookRun {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Unique webhook-ids sent but not in polar_webhook_events. */
  missingIds: number;
  /** Subscriptions whose row differs from their newest state (status, cancel_at_period_end, polar_modified_at). */
  mismatchedRows: number;
  outcomes: Record<string, number>;
  /** CPU ms of the server under test / of the stand-ins with Postgres during the run. */
  serverCpuMs: number;
  standInCpuMs: number;
}

export interface WebhookResults {
  events: number;
  uniqueEvents: number;
  subscriptions: number;
  /** The users created for the workload (the stand-in ceilings write to them afterwards). */
  userIds: string[];
  app: WebhookRun[];
  baseline: WebhookRun[];
}

/** Users straight into auth.users in one statement: the HTTP sign-up is not what is measured. */
async function createUsers(sql: postgres.Sql, count: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    insert into auth.users (id, email, aud, role, email_confirmed_at)
    select gen_random_uuid(), 'bench-' || g || '-' || md5(random()::text) || '@billing-starter.dev', 'authenticated', 'authenticated', now()
    from generate_series(1, ${count}) g
    returning id`;
  return rows.map((r) => r.id);
}

async function reset(sql: postgres.Sql, userIds: string[]): Promise<void> {
  await sql`truncate public.polar_webhook_events`;
  // Every row the webhooks write for these users, so each run starts from nothing stored.
  for (const table of ['user_subscriptions', 'subscriptions', 'user_entitlements', 'billing_customers']) {
    await sql`delete from ${sql('public.' + table)} where user_id = any(${sql.array(userIds)}::uuid[])`;
  }
  await sql`vacuum analyze public.user_subscriptions, public.subscriptions, public.polar_webhook_events`;
}

async function check(sql: postgres.Sql, plan: WebhookPlan): Promise<{ missingIds: number; mismatchedRows: number }> {
  const recorded = await sql<{ webhook_id: string }[]>`select webhook_id from public.polar_webhook_events where webhook_id like 'msg_bench_%'`;
  const seen = new Set(recorded.map((r) => r.webhook_id));
  const missingIds = plan.uniqueIds.filter((id) => !seen.has(id)).length;

  const rows = await sql<{ user_id: string; status: string; cancel_at_period_end: boolean; polar_modified_at: Date }[]>`
    select user_id, status, cancel_at_period_end, polar_modified_at from public.user_subscriptions
    where user_id = any(${sql.array(plan.expected.map((e) => e.userId))}::uuid[])`;
  const byUser = new Map(rows.map((r) => [r.user_id, r]));
  const mismatchedRows = plan.expected.filter((e) => {
    const row = byUser.get(e.userId);
    return !row || row.status !== e.status || row.cancel_at_period_end !== e.cancelAtPeriodEnd || row.polar_modified_at?.getTime() !== e.modifiedAtMs;
  }).length;
  return { missingIds, mismatchedRows };
}

export async function runWebhooks(
  config: BenchConfig,
  sql: postgres.Sql,
  template: EventBody,
  secret: string,
  urls: { app: string; baseline: string },
  pids: { app: number; baseline: number; standIns: number },
  rss: RssSampler,
): Promise<WebhookResults> {
  const c = config.webhooks;
  const userIds = await createUsers(sql, c.subscriptions);
  const plan = planWebhooks(template, userIds, c.events, c.duplicateShare);

  // Warm both servers up (route modules, connection pools) on a small separate workload.
  const warmup = planWebhooks(template, userIds.slice(0, 20), 100, c.duplicateShare, 7);
  for (const url of [urls.app, urls.baseline]) {
    await reset(sql, userIds);
    await sendAll(url, signAll(warmup, secret), c.senders);
  }

  const results: WebhookResults = { events: c.events, uniqueEvents: plan.uniqueIds.length, subscriptions: c.subscriptions, userIds, app: [], baseline: [] };
  for (let i = 0; i < c.runs; i++) {
    const order = i % 2 === 0 ? (['baseline', 'app'] as const) : (['app', 'baseline'] as const);
    for (const which of order) {
      await reset(sql, userIds);
      const signed = signAll(plan, secret);
      const send = () => measureCpu({ server: pids[which], standIns: pids.standIns }, () => sendAll(urls[which], signed, c.senders));
      const { result: sent, cpuMs } = which === 'app' ? await rss.during(send) : await send();
      const run: WebhookRun = {
        eventsPerSecond: sent.eventsPerSecond,
        p50: percentile(sent.latenciesMs, 50),
        p99: percentile(sent.latenciesMs, 99),
        non2xx: sent.statuses.filter((s) => s < 200 || s > 299).length,
        ...(await check(sql, plan)),
        outcomes: sent.outcomes,
        serverCpuMs: cpuMs.server,
        standInCpuMs: cpuMs.standIns,
      };
      results[which].push(run);
      console.log(
        `  webhooks ${which} run ${i + 1}: ${run.eventsPerSecond.toFixed(0)} events/s, p99 ${run.p99.toFixed(0)} ms, ` +
          `non-2xx ${run.non2xx}, missing ids ${run.missingIds}, wrong rows ${run.mismatchedRows}, ` +
          `server CPU ${(run.serverCpuMs / results.events).toFixed(2)} ms/event`,
      );
    }
  }
  return results;
}
