import { test as base } from '@playwright/test';
import type { ProvidedStack } from '../fixtures/app-stack.ts';
import { stackControl } from '../fixtures/stack-control.ts';

export const SCREENSHOTS = 'test-results/screenshots';

/**
 * Every spec runs under the app's Content-Security-Policy and fails on any violation: each
 * `securitypolicyviolation` event of any page or frame, and each CSP message Chromium logs
 * (some, like a refused frame, show only there). A spec that provokes one on purpose reads
 * `cspViolations` and empties it.
 */
export const test = base.extend<{ stack: ProvidedStack; control: ReturnType<typeof stackControl>; cspViolations: string[] }>({
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
    await control.setAuthModes({ confirmations: false, rateLimits: false, emailLinks: 'verify' });
  },
  cspViolations: async ({}, provide) => {
    await provide([]);
  },
  page: async ({ page, cspViolations }, provide) => {
    await page.exposeBinding('__reportCspViolation', (_source, report: string) => {
      cspViolations.push(report);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = `${event.effectiveDirective} refused ${event.blockedURI || 'inline'} on ${event.documentURI}`;
        (window as unknown as { __reportCspViolation(report: string): void }).__reportCspViolation(report);
      });
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(`console: ${message.text()}`);
    });
    await provide(page);
    base.expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect } from '@playwright/test';

export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@billing-starter.dev`;
