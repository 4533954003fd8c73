// Child-process entry: runs the offline stack (local/stack.ts) away from the load generator,
// so the stand-ins get an event loop of their own as they would in tests, and answers the
// bench's control messages over IPC: faults, request counters, Polar's webhook log, stop.
// Started by stack-client.ts; never run by hand.
import { startStack, type Stack } from '../../local/stack.ts';
import type { HostInfo, HostRequest } from './stack-client.ts';

const appUrl = process.argv[2];
if (!appUrl || !process.send) throw new Error('stack-host.ts is started by bench/lib/stack-client.ts');

let stack: Stack | undefined;
const shutdown = async (code: number) => {
  await stack?.stop().catch(() => {});
  process.exit(code);
};
// The bench died: never leave a Postgres behind.
process.on('disconnect', () => void shutdown(1));

const handlers: Record<HostRequest['cmd'], (s: Stack, req: HostRequest) => unknown> = {
  faults: (s, req) => {
    const faults = req.faults ?? {};
    if (req.target !== 'supabase') s.polar.setFaults(faults);
    if (req.target !== 'polar') s.supabase.setFaults(faults);
  },
  counts: (s) => ({ ...s.supabase.counts(), supabaseTotal: s.supabase.requestCount(), polar: s.polar.requestCount() }),
  resetCounts: (s) => {
    s.supabase.resetRequestCount();
    s.polar.resetRequestCount();
  },
  deliveries: (s) => s.polar.deliveries().map(({ id, type, status, body }) => ({ id, type, status, body })),
  webhookUrl: (s, req) => s.polar.setWebhookUrl(req.url!),
  retryTimeFactor: (s, req) => s.polar.setWebhookRetryTimeFactor(req.factor!),
  settled: (s) => s.polar.settled(300_000),
  stop: async (s) => {
    await s.stop();
    stack = undefined;
  },
};

process.on('message', async (req: HostRequest) => {
  try {
    const result = await handlers[req.cmd](stack!, req);
    // After `stop`, exit once the answer is on its way (exit(0), not the disconnect path).
    process.send!({ id: req.id, ok: true, result: result ?? null }, undefined, {}, () => {
      if (req.cmd === 'stop') process.exit(0);
    });
  } catch (error) {
    process.send!({ id: req.id, ok: false, error: String(error) });
  }
});

try {
  stack = await startStack({ appUrl });
  const info: HostInfo = {
    pid: process.pid,
    dbUrl: stack.dbUrl,
    supabaseUrl: stack.supabaseUrl,
    polarUrl: stack.polarUrl,
    publishableKey: stack.keys.publishableKey,
    secretKey: stack.keys.secretKey,
    webhookSecret: stack.webhookSecret,
    signingKey: stack.signingKey.privateJwk,
    appEnv: stack.appEnv,
  };
  process.send({ type: 'ready', info });
} catch (error) {
  process.send({ type: 'failed', error: String(error) });
  await shutdown(1);
}
