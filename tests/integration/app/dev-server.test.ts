// `next dev` (what `npm run dev` runs) must run the session middleware too: it reads it from
// src/proxy.ts, while production builds read the root middleware.ts.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../local/net.ts';
import { startApp, type RunningApp } from '../../fixtures/next-app.ts';

const stack = inject('stack');
let dev: RunningApp;

beforeAll(async () => {
  const port = await freePort();
  const env = {
    NEXT_PUBLIC_SITE_URL: `http://127.0.0.1:${port}`,
    NEXT_PUBLIC_SUPABASE_URL: stack.supabaseUrl,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.secretKey,
    POLAR_ACCESS_TOKEN: stack.polarAccessToken,
    POLAR_WEBHOOK_SECRET: stack.webhookSecret,
    POLAR_SERVER: 'sandbox',
    POLAR_API_URL: stack.polarUrl,
    NEXT_DIST_DIR: `${stack.distDir}-dev`,
  };
  dev = await startApp(env, port, 'dev');
}, 120_000);
afterAll(async () => {
  await dev?.stop();
  await rm(`${stack.distDir}-dev`, { recursive: true, force: true });
});

describe('next dev', () => {
  it('sends a signed-out visitor of /dashboard to sign-in', async () => {
    const response = await fetch(`${dev.url}/dashboard`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get('location')!, dev.url).pathname).toBe('/login');
  }, 60_000);
});
