// `next dev` (what `npm run dev` runs) must run the session middleware too: it reads it from
// src/proxy.ts, while production builds read the root middleware.ts. It also sets the page
// policy, in its development form.
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../local/net.ts';
import { startApp, type RunningApp } from '../../fixtures/next-app.ts';
import { appEnvOf } from '../../fixtures/second-app.ts';

const stack = inject('stack');
let dev: RunningApp;
let port: number;

/** Whether anything accepts a TCP connection on host:port. */
const accepts = (host: string, p: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port: p, timeout: 2_000 });
    const done = (value: boolean) => {
      socket.destroy();
      resolve(value);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });

beforeAll(async () => {
  port = await freePort();
  const env = { ...appEnvOf(stack, `http://127.0.0.1:${port}`), NEXT_DIST_DIR: `${stack.distDir}-dev` };
  dev = await startApp(env, port, 'dev');
}, 120_000);
afterAll(async () => {
  await dev?.stop();
  await rm(`${stack.distDir}-dev`, { recursive: true, force: true });
});

describe('next dev', () => {
  it('listens on loopback only: the offline keys are public', async () => {
    expect(await accepts('127.0.0.1', port)).toBe(true);
    const external = Object.values(networkInterfaces()).flat().filter((address) => address?.family === 'IPv4' && !address.internal);
    // Every machine this runs on (and CI) has a network interface besides loopback.
    expect(external.length).toBeGreaterThan(0);
    for (const address of external) expect(await accepts(address!.address, port), address!.address).toBe(false);
  });

  it('sends a signed-out visitor of /dashboard to sign-in', async () => {
    const response = await fetch(`${dev.url}/dashboard`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get('location')!, dev.url).pathname).toBe('/login');
  }, 60_000);

  it('sends the development policy (eval and inline styles for Next) and no HSTS', async () => {
    const response = await fetch(`${dev.url}/login`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic' 'unsafe-eval'/);
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  }, 60_000);
});
