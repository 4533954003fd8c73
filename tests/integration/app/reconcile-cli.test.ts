// `npm run billing:reconcile`: the same reconciler from a terminal, with the exit code a script
// or an on-call engineer acts on — 0 when everything is as Polar says, 1 when something needs
// a human (here: Polar switched the webhook endpoint off).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { polarFor } from '../../fixtures/app-users.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const ROOT = path.resolve(import.meta.dirname, '../../..');

afterAll(async () => {
  await polarFor(stack).webhooks.updateWebhookEndpoint({ id: (await control.webhookEndpoint()).id, webhookEndpointUpdate: { enabled: true } });
});

function cli(...args: string[]): Promise<{ code: number | null; output: string }> {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // The command `npm run billing:reconcile` runs, with the test stack's environment.
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', './scripts/src-loader.mjs', 'scripts/billing-reconcile.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...stack.appEnv, NODE_ENV: 'production', ...env },
      // Killed before the test's own timeout, so a slow run never outlives its test holding the lease.
      timeout: 50_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run billing:reconcile', { timeout: 60_000 }, () => {
  it('exits 0 with a summary when nothing needs a human', async () => {
    // The files before this one leave questions for a first run (customers no user owns, kept
    // deliveries): it answers each once, and exits 1 if one needs a human. The next has none.
    await control.polarSettled();
    await cli();
    const { code, output } = await cli();
    expect(output).toMatch(/Reconcile \(incremental\) finished/);
    expect(output).toMatch(/checked \d+, drifted \d+, repaired \d+, failed 0;/);
    expect(output).toMatch(/webhook endpoint: .* \(enabled\)/);
    expect(code, output).toBe(0);
  });

  it('sweeps everything with --full, exiting 1 exactly when it lists something for a human', async () => {
    const { code, output } = await cli('--full');
    expect(output).toMatch(/Reconcile \(full\) finished/);
    const failed = Number(/failed (\d+);/.exec(output)?.[1]);
    expect(Number.isInteger(failed), output).toBe(true);
    // A full sweep reads the whole organization: earlier files leave Polar customers no user owns.
    expect(code, output).toBe(failed > 0 ? 1 : 0);
    expect(output.split('\n').filter((line) => line.startsWith('  ! ')).length, output).toBe(failed);
  });

  it('exits 1, saying how to re-enable it, when Polar switched the endpoint off', async () => {
    await polarFor(stack).webhooks.updateWebhookEndpoint({ id: (await control.webhookEndpoint()).id, webhookEndpointUpdate: { enabled: false } });
    const { code, output } = await cli();
    expect(output).toMatch(/DISABLED/);
    expect(output).toMatch(/Re-enable it .*npm run billing:reconcile -- --full/);
    expect(code).toBe(1);
  });

  it("exits 2, saying why, where another provider bills without Polar's keys", async () => {
    const { code, output } = await cliWith({ PAYMENT_PROVIDER: 'stripe', POLAR_ACCESS_TOKEN: '', POLAR_WEBHOOK_SECRET: '', POLAR_SERVER: '' });
    expect(output.trim()).toBe('Polar is not set up here: this app bills with stripe (README → Payment providers)');
    expect(code).toBe(2);
  });
});
