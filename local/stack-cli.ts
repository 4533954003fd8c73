// `npm run stack`: the offline stack alone (same data as `npm run dev`), printing the app's
// environment in .env format — for running `next dev`/`next start` yourself against it.
import path from 'node:path';
import { DEV_PORTS, startStack } from './stack.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const appUrl = `http://localhost:${process.env.PORT ?? 3000}`;

const stack = await startStack({ dataDir: path.join(ROOT, '.local/dev'), ports: DEV_PORTS, appUrl, polarRateLimitPerMinute: 100, auth: { rateLimits: true } });
console.log('# The offline stack is up. Environment for the app (Ctrl-C stops the stack):');
console.log(`# Mail from Supabase Auth: ${stack.mailUrl} (Mailpit's API, as MAILPIT_URL of \`supabase status\`)`);
for (const [name, value] of Object.entries(stack.appEnv)) console.log(`${name}=${value}`);

const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
