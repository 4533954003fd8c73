// For the `app` test project: one offline stack and one production build of the app, served
// by `next start`, shared by every test file that talks to the app over HTTP.
import type { TestProject } from 'vitest/node';
import { freePort } from '../local/net.ts';
import { startStack } from '../local/stack.ts';
import { buildApp, startApp } from './fixtures/next-app.ts';

export interface ProvidedStack {
  appUrl: string;
  supabaseUrl: string;
  polarUrl: string;
  dbUrl: string;
  publishableKey: string;
  secretKey: string;
  webhookSecret: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

export default async function setup(project: TestProject) {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const stack = await startStack({ appUrl });
  try {
    await buildApp(stack.appEnv);
    const app = await startApp(stack.appEnv, port);
    project.provide('stack', {
      appUrl,
      supabaseUrl: stack.supabaseUrl,
      polarUrl: stack.polarUrl,
      dbUrl: stack.dbUrl,
      publishableKey: stack.keys.publishableKey,
      secretKey: stack.keys.secretKey,
      webhookSecret: stack.webhookSecret,
    });
    return async () => {
      await app.stop();
      await stack.stop();
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
