// `npm run billing:reconcile [-- --full]`: the reconciler from a terminal, with progress and a
// summary; exits 1 when drift could not be repaired (or the webhook endpoint needs attention),
// 2 when there is nothing to run against (no environment, or no Polar keys: another provider bills).
// The environment: the process's own when it names a site (CI, a host's shell), else .env.local
// when there is one, else the running offline stack's (npm run dev writes .local/dev/app.env).
import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const ROOT = path.resolve(import.meta.dirname, '..');
if (!process.env.NEXT_PUBLIC_SITE_URL) {
  const envFile = [path.join(ROOT, '.env.local'), path.join(ROOT, '.local/dev/app.env')].find((file) => existsSync(file));
  if (!envFile) {
    console.error('No environment: create .env.local (see .env.local.example), or start the offline stack with `npm run dev`.');
    process.exit(2);
  }
  process.loadEnvFile(envFile);
}

const full = process.argv.includes('--full');
// A terminal run may take its time: the budget is a bound, not a target.
const budgetMs = Number(process.env.RECONCILE_CLI_BUDGET_SECONDS ?? 1800) * 1000;
const [{ runReconcile }, { configurePolarFetch }, { serverEnv }, { ApiError }] = await Promise.all([
  import('../src/lib/billing/reconcile/run.ts'),
  import('../src/lib/polar/fetch-dispatch.ts'),
  import('../src/env/server.ts'),
  import('../src/lib/http/errors.ts'),
]);
// As the app's instrumentation does: Polar's answers (their Date orders what is read) are seen.
configurePolarFetch({ rerouteTo: serverEnv.POLAR_API_URL, timeoutMs: serverEnv.POLAR_TIMEOUT_MS });

const started = Date.now();
const tty = process.stdout.isTTY;
// async, so that runReconcile's own throw (no Polar keys: before any run starts) is a rejection too.
const run = async () =>
  runReconcile(full ? 'full' : 'incremental', 'cli', {
    budgetMs,
    onProgress: (t) => {
      if (tty) process.stdout.write(`\rchecked ${t.checked}  drifted ${t.drifted}  repaired ${t.repaired}  failed ${t.failed}   `);
    },
  });
const result = await run().catch((error: unknown) => {
  // Nothing to read: this deployment has no Polar keys (another provider bills).
  if (error instanceof ApiError && error.status === 404) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
});
if (tty) process.stdout.write('\n');
if (result.busy) {
  console.error('Another reconcile run is in progress; try again when it has finished.');
  process.exit(1);
}
console.log(`Reconcile (${result.mode}) ${result.done ? 'finished' : 'stopped at its time budget; run it again to resume'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  checked ${result.checked}, drifted ${result.drifted}, repaired ${result.repaired}, failed ${result.failed}; redelivered ${result.redelivered}; ${result.polarCalls} Polar calls`);
console.log(`  webhook endpoint: ${result.endpoint ? `${result.endpoint.url} (${result.endpoint.enabled ? 'enabled' : 'DISABLED'})` : 'not found'}`);
for (const note of result.notes) console.log(`  ! ${note}`);
process.exit(result.failed > 0 || !result.done ? 1 : 0);
