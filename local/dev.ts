// `npm run dev`. With a .env.local, it is plain `next dev` against whatever that file names (a
// hosted project, or `supabase start`). Without one, it first starts the offline stack and
// points the app at it. Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nextDevArgs } from './next-dev.ts';
import { DEV_PORTS, startStack, type Stack } from './stack.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const APP_PORT = Number(process.env.PORT ?? 3000);
const APP_URL = `http://localhost:${APP_PORT}`;
/** The running dev stack's app environment, for scripts started beside it (npm run billing:reconcile). */
const DEV_APP_ENV = path.join(ROOT, '.local/dev/app.env');

function runNext(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, nextDevArgs(APP_PORT), { cwd: ROOT, env, stdio: 'inherit' });
}

async function main(): Promise<void> {
  if (existsSync(path.join(ROOT, '.env.local'))) {
    console.log('Using .env.local — the offline stack is not started.');
    const next = runNext(process.env);
    next.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  const provider = process.env.PAYMENT_PROVIDER || 'polar';
  console.log(`No .env.local: starting the offline stack (PostgreSQL 17, Supabase, Polar, Stripe and Lemon Squeezy stand-ins, a mail inbox), billing with ${provider}…`);
  // Polar's sandbox limit, as the real sandbox would apply it; Supabase Auth's rate limits, as a
  // hosted project applies them.
  const stack: Stack = await startStack({
    dataDir: path.join(ROOT, '.local/dev'), ports: DEV_PORTS, appUrl: APP_URL, polarRateLimitPerMinute: 100, auth: { rateLimits: true },
  });
  const confirmations = stack.supabase.authModes().confirmations ? 'on' : 'off: [auth.email] enable_confirmations in supabase/config.toml';
  console.log(`
  App        ${APP_URL}
  Demo login demo@billing-starter.dev / demo-password-123
  Supabase   ${stack.supabaseUrl}   (publishable key ${stack.keys.publishableKey})
  Inbox      ${stack.mailUrl}   (mail from Supabase Auth; email confirmations ${confirmations})
  Postgres   ${stack.dbUrl}
  Billing    PAYMENT_PROVIDER=${provider}   (polar, stripe or lemonsqueezy: e.g. PAYMENT_PROVIDER=stripe npm run dev)
  Polar      ${stack.polarUrl}   (stand-in: hosted checkout and portal pages)
  Stripe     ${stack.stripe.url}   (stand-in: Checkout and the customer portal)
  Lemon Sq.  ${stack.lemonSqueezy.url}   (stand-in: checkout and the customer portal)
  Operator   ${APP_URL}/admin/billing   (the demo user is an admin)
  Reconcile  npm run billing:reconcile   or   curl -X POST -H 'Authorization: Bearer ${stack.appEnv.CRON_SECRET}' ${APP_URL}/api/cron/reconcile
`);
  // `npm run billing:reconcile` (another process) reads the app's environment from here.
  await writeFile(DEV_APP_ENV, Object.entries(stack.appEnv).map(([name, value]) => `${name}=${value}`).join('\n') + '\n', { mode: 0o600 });

  const next = runNext({ ...process.env, ...stack.appEnv, PAYMENT_PROVIDER: provider });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (next.exitCode === null) next.kill('SIGTERM');
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  next.on('exit', (code) => void stop(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
