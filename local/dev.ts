// `npm run dev`. With a .env.local, it is plain `next dev` against whatever that file names (a
// hosted project, or `supabase start`). Without one, it first starts the offline stack and
// points the app at it. Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEV_PORTS, startStack, type Stack } from './stack.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const APP_PORT = Number(process.env.PORT ?? 3000);
const APP_URL = `http://localhost:${APP_PORT}`;
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

function runNext(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, 'dev', '--port', String(APP_PORT)], { cwd: ROOT, env, stdio: 'inherit' });
}

async function main(): Promise<void> {
  if (existsSync(path.join(ROOT, '.env.local'))) {
    console.log('Using .env.local — the offline stack is not started.');
    const next = runNext(process.env);
    next.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  console.log('No .env.local: starting the offline stack (PostgreSQL 17, Supabase and Polar stand-ins)…');
  const stack: Stack = await startStack({ dataDir: path.join(ROOT, '.local/dev'), ports: DEV_PORTS, appUrl: APP_URL });
  console.log(`
  App        ${APP_URL}
  Demo login demo@example.com / demo-password-123
  Supabase   ${stack.supabaseUrl}   (publishable key ${stack.keys.publishableKey})
  Postgres   ${stack.dbUrl}
  Polar      ${stack.polarUrl}   (stand-in: hosted checkout and portal pages)
`);

  const next = runNext({ ...process.env, ...stack.appEnv });
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
