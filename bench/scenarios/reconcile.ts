// Scenario 3: the reconciler over an organization of `customers` subscribers (10,000 in a full
// run), in process against the offline stack's Polar and database, at Polar's production pace
// (80 % of 500 calls a minute). Its runs, in order:
//   backfill     full sweep into an empty database (adopting the starter on an existing org)
//   full, 0 %    full sweep with nothing to repair
//   incr., 0 %   the cron's run with nothing to repair
//   full, 1 %    full sweep after 1 % of subscriptions were edited by hand in SQL (a bad restore)
//   incr., 1 %   the cron's run after 1 % of customers' webhooks failed for good at Polar
// Each records wall time, Polar calls (the reconciler's count, checked against the stand-in's),
// write-function calls and the rows Postgres saw change. The claim under test: the incremental
// run's cost follows the change, not the customer count; a full sweep's writes follow the drift.
import { createClient } from '@supabase/supabase-js';
import { createPolar } from 'polar-sdk-v1/2026-10';
import type postgres from 'postgres';
import { reconcile, type ReconcileMode, type ReconcileResult } from '@/lib/billing/reconcile/reconcile';
import type { Database } from '@/lib/supabase/database.types';
import { SEED_PRODUCT_IDS } from '../../local/polar/seed.ts';
import type { BenchConfig } from '../config.ts';
import type { StackHost } from '../lib/stack-client.ts';

export interface ReconcileRun {
  label: string;
  mode: ReconcileMode;
  /** Objects made to differ from Polar before the run. */
  driftIntroduced: number;
  seconds: number;
  polarCalls: number;
  /** Requests the Polar stand-in counted during the run (the reconciler's own count, checked). */
  standInRequests: number;
  redelivered: number;
  /** Failed delivery attempts Polar held for the run to list (it lists each attempt, not each event). */
  failedAttempts: number;
  /** Calls of the SQL write functions the repairs made. */
  writeCalls: number;
  /** Rows inserted, updated or deleted in the public schema during the run (pg_stat_user_tables). */
  rowsChanged: number;
  checked: number;
  drifted: number;
  repaired: number;
  failed: number;
  done: boolean;
}

export interface ReconcileResults {
  customers: number;
  seedSeconds: number;
  runs: ReconcileRun[];
  /** Objects still differing from Polar after the last run (0 expected). */
  leftDrifted: number;
}

const UNREACHABLE = 'http://127.0.0.1:9/unreachable';
const PRODUCTION_PACE = Math.floor(500 * 0.8);

/** Runs `work` on `items` with at most `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/**
 * Rows inserted, updated or deleted in the public schema so far. PostgreSQL 15+ reports a busy
 * backend's counts at most once a second and an idle one's within 10 s (PGSTAT_IDLE_INTERVAL):
 * PostgREST's pooled sessions go idle after a run, so wait that out before reading.
 */
async function rowsChangedSoFar(sql: postgres.Sql): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const [row] = await sql<{ n: string }[]>`select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) as n from pg_stat_user_tables where schemaname = 'public'`;
  return Number(row!.n);
}

export async function runReconcileScenario(config: BenchConfig, host: StackHost, sql: postgres.Sql, appUrl: string): Promise<ReconcileResults> {
  const { customers } = config.reconcile;
  const token = host.info.appEnv.POLAR_ACCESS_TOKEN!;
  const polar = createPolar({ accessToken: token, baseUrl: host.info.polarUrl });
  const admin = createClient<Database>(host.info.supabaseUrl, host.info.secretKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const webhookUrl = `${appUrl}/api/webhooks/polar`;
  const endpointId = (await polar.webhooks.listWebhookEndpoints({ limit: 10 })).items.find((e) => e.url === webhookUrl)!.id;

  // The organization exists before the app does: its subscribers were made with webhooks off.
  const seedStarted = Date.now();
  const users = await sql<{ id: string; email: string }[]>`
    insert into auth.users (id, email, aud, role, email_confirmed_at)
    select gen_random_uuid(), 'reconcile-' || g || '-' || md5(random()::text) || '@billing-starter.dev', 'authenticated', 'authenticated', now()
    from generate_series(1, ${customers}) g
    returning id, email`;
  await polar.webhooks.updateWebhookEndpoint(endpointId, { enabled: false });
  await pool(users, 16, async (user, ) => {
    const productId = Math.random() < 0.2 ? SEED_PRODUCT_IDS.pro : SEED_PRODUCT_IDS.starter;
    const checkout = await polar.checkouts.create({ products: [productId], external_customer_id: user.id, customer_email: user.email, success_url: `${appUrl}/dashboard` });
    const paid = await fetch(checkout.url, { method: 'POST', body: new URLSearchParams({ email: user.email, product_id: productId }), redirect: 'manual' });
    if (paid.status !== 303 && paid.status !== 302) throw new Error(`seeding: paying a checkout answered ${paid.status}`);
  });
  await polar.webhooks.updateWebhookEndpoint(endpointId, { enabled: true });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  console.log(`  reconcile: ${customers} subscribers at Polar in ${seedSeconds.toFixed(0)} s`);

  const runs: ReconcileRun[] = [];
  async function measure(label: string, mode: ReconcileMode, driftIntroduced: number, failedAttempts = 0): Promise<ReconcileResult> {
    const rowsBefore = await rowsChangedSoFar(sql);
    await host.resetCounts();
    const started = performance.now();
    const result = await reconcile({ polar, admin, webhookUrl, mode, trigger: 'test', budgetMs: 30 * 60_000, callsPerMinute: PRODUCTION_PACE });
    const seconds = (performance.now() - started) / 1000;
    const counts = await host.counts();
    const run: ReconcileRun = {
      label, mode, driftIntroduced, seconds,
      polarCalls: result.polarCalls, standInRequests: counts.polar, redelivered: result.redelivered, failedAttempts,
      writeCalls: result.writes, rowsChanged: (await rowsChangedSoFar(sql)) - rowsBefore,
      checked: result.checked, drifted: result.drifted, repaired: result.repaired, failed: result.failed, done: result.done,
    };
    runs.push(run);
    console.log(`  reconcile ${label}: ${seconds.toFixed(1)} s, ${run.polarCalls} Polar calls (${run.redelivered} redeliveries), ${run.writeCalls} write calls, ${run.rowsChanged} rows, checked ${run.checked}, repaired ${run.repaired}, failed ${run.failed}`);
    if (result.notes.length) console.log(`    notes: ${result.notes.slice(0, 5).join(' | ')}`);
    return result;
  }

  await measure('backfill (empty database)', 'full', customers);
  const [spareRow] = await sql<{ subscription_id: string }[]>`select subscription_id from public.subscriptions where user_id = ${users[0]!.id}`;
  const spare = spareRow!.subscription_id;
  await measure('full sweep, 0 % drift', 'full', 0);
  // The cron's first run looks a week back; this one is the steady state that follows.
  await measure('incremental, first run', 'incremental', 0);
  await measure('incremental, 0 % drift', 'incremental', 0);

  // 1 % of subscriptions edited by hand (a restore from an old backup, say).
  const edited = Math.max(1, Math.round(customers / 100));
  // Only this scenario's subscribers: the webhook scenario's rows (made in SQL) are not at Polar.
  const ours = sql.array(users.map((u) => u.id));
  await sql`
    update public.subscriptions set cancel_at_period_end = not cancel_at_period_end, updated_at = now()
    where subscription_id in (select subscription_id from public.subscriptions where user_id = any(${ours}::uuid[]) order by random() limit ${edited})`;
  await measure('full sweep, 1 % drift', 'full', edited);

  // 1 % of customers cancel while the app is unreachable and Polar gives up on their webhooks;
  // between customers a spare subscriber's change gets through, so Polar (which switches an
  // endpoint off after 10 failed events in a row) keeps the endpoint on, as a live app would.
  await host.setRetryTimeFactor(0.0001);
  const failedSoFar = async () => (await host.deliveries()).filter((d) => d.status === null || d.status >= 300).length;
  const failedBefore = await failedSoFar();
  const cancelling = await sql<{ subscription_id: string }[]>`
    select subscription_id from public.subscriptions where user_id = any(${ours}::uuid[]) and not cancel_at_period_end and subscription_id <> ${spare}
    order by random() limit ${edited}`;
  for (const [i, { subscription_id: id }] of cancelling.entries()) {
    await host.setWebhookUrl(UNREACHABLE);
    await polar.subscriptions.update(id, { cancel_at_period_end: true });
    await host.webhooksSettled();
    await host.setWebhookUrl(webhookUrl);
    await polar.subscriptions.update(spare, { cancel_at_period_end: i % 2 === 0 });
  }
  await host.webhooksSettled();
  await measure('incremental, 1 % drift', 'incremental', edited, (await failedSoFar()) - failedBefore);
  await host.webhooksSettled();
  await host.setRetryTimeFactor(1);

  // Nothing is left for a further full sweep to repair.
  const check = await reconcile({ polar, admin, webhookUrl, mode: 'full', trigger: 'test', budgetMs: 30 * 60_000, callsPerMinute: 10_000 });
  return { customers, seedSeconds, runs, leftDrifted: check.drifted };
}
