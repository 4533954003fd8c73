import { test as base } from '@playwright/test';
import type { ProvidedStack } from '../fixtures/app-stack.ts';
import { stackControl } from '../fixtures/stack-control.ts';

export const SCREENSHOTS = 'test-results/screenshots';

/** The system under test (from the global setup) and the controls of its stand-ins. */
export const test = base.extend<{ stack: ProvidedStack; control: ReturnType<typeof stackControl> }>({
  stack: async ({}, provide) => {
    await provide(JSON.parse(process.env.E2E_STACK ?? 'null') as ProvidedStack);
  },
  baseURL: async ({ stack }, provide) => {
    await provide(stack.appUrl);
  },
  control: async ({ stack }, provide) => {
    const control = stackControl(stack.controlUrl);
    await provide(control);
    // Whatever a spec broke, the next one starts with working stand-ins.
    await control.polarFaults({});
    await control.supabaseFaults({});
    await control.setWebhookUrl(stack.webhookUrl);
  },
});

export { expect } from '@playwright/test';

export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
