// For the `app` test project: one offline stack and one production build of the app, served
// by `next start`, shared by every test file that talks to the app over HTTP.
import type { JWK } from 'jose';
import type { TestProject } from 'vitest/node';
import { freePort } from '../local/net.ts';
import { WEBHOOK_PATH, startStack } from '../local/stack.ts';
import { buildApp, startApp } from './fixtures/next-app.ts';
import { startStackControl } from './fixtures/stack-control.ts';

export interface ProvidedStack {
  appUrl: string;
  webhookUrl: string;
  supabaseUrl: string;
  polarUrl: string;
  polarAccessToken: string;
  dbUrl: string;
  publishableKey: string;
  secretKey: string;
  webhookSecret: string;
  /** The stand-in's private signing key, so tests can mint expired or foreign tokens. */
  signingKey: JWK;
  controlUrl: string;
  polarTimeoutMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

// Short enough that the "Polar hangs" tests finish quickly, long enough for a loaded machine.
const POLAR_TIMEOUT_MS = 2_000;

export default async function setup(project: TestProject) {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const stack = await startStack({ appUrl });
  const stops: Array<() => Promise<void>> = [() => stack.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const env = { ...stack.appEnv, POLAR_TIMEOUT_MS: String(POLAR_TIMEOUT_MS) };
    await buildApp(env);
    const app = await startApp(env, port);
    stops.push(() => app.stop());
    const control = await startStackControl(stack);
    stops.push(() => control.close());
    project.provide('stack', {
      appUrl,
      webhookUrl: `${appUrl}${WEBHOOK_PATH}`,
      supabaseUrl: stack.supabaseUrl,
      polarUrl: stack.polarUrl,
      polarAccessToken: stack.appEnv.POLAR_ACCESS_TOKEN!,
      dbUrl: stack.dbUrl,
      publishableKey: stack.keys.publishableKey,
      secretKey: stack.keys.secretKey,
      webhookSecret: stack.webhookSecret,
      signingKey: stack.signingKey.privateJwk,
      controlUrl: control.url,
      polarTimeoutMs: POLAR_TIMEOUT_MS,
    });
    return stopAll;
  } catch (error) {
    await stopAll();
    throw error;
  }
}
