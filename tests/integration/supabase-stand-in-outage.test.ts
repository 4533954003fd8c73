// The stand-in survives its database going away, as PostgREST and GoTrue do: PostgreSQL stops
// in the middle of a burst of REST and auth requests (through the real supabase-js), requests
// during the outage get 5xx (REST: 503 PGRST001), and once it is back everything works again
// without restarting anything. Repeated, because each outage leaves dead connections behind.
import { createClient } from '@supabase/supabase-js';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startSupabaseStack } from '../fixtures/supabase-stack.ts';
import type { SupabaseStack } from '../fixtures/supabase-stack.ts';

let stack: SupabaseStack;
const DEMO = { email: 'demo@billing-starter.dev', password: 'demo-password-123' };

beforeAll(async () => {
  stack = await startSupabaseStack();
}, 60_000);
afterAll(async () => stack?.stop());

// Single attempts: postgrest-js would otherwise retry a 503 GET for seconds.
const client = (key: string) =>
  createClient(stack.standIn.url, key, { auth: { persistSession: false, autoRefreshToken: false }, db: { retry: false } });

interface Outcome {
  kind: 'rest' | 'auth';
  status: number;
  code: string | undefined;
  /** The webhook id a write recorded. */
  wrote?: string;
}

/** One request of a mix of reads, writes and auth calls; settles with what the client saw. */
async function request(i: number, accessToken: string): Promise<Outcome> {
  const service = client(stack.keys.secretKey);
  const id = `wh_outage_${crypto.randomUUID()}`;
  const rest = (r: { status: number; error: { code: string } | null }, wrote?: string): Outcome =>
    ({ kind: 'rest', status: r.status, code: r.error?.code, wrote });
  const auth = (status: number, error: { status?: number; code?: string } | null): Outcome =>
    ({ kind: 'auth', status: error ? (error.status ?? 0) : status, code: error?.code });
  switch (i % 5) {
    case 0:
      return rest(await service.from('polar_webhook_events').select('webhook_id').limit(5));
    case 1:
      return rest(await service.rpc('record_polar_webhook_event', { p_webhook_id: id, p_type: 'outage', p_payload: { i } }), id);
    case 2:
      return rest(await service.from('polar_webhook_events').insert({ webhook_id: id, type: 'outage', outcome: 'ignored', payload: { i } }), id);
    case 3:
      return auth(200, (await client(stack.keys.publishableKey).auth.signInWithPassword(DEMO)).error);
    default:
      return auth(200, (await client(stack.keys.publishableKey).auth.getUser(accessToken)).error);
  }
}

// What PostgREST and GoTrue answer when their database is gone. auth-js hands some 5xx over as
// an AuthRetryableFetchError, which keeps the status but drops GoTrue's code.
const failedAsExpected = (o: Outcome) =>
  o.kind === 'rest' ? o.status === 503 && o.code === 'PGRST001' : o.status === 500 && [undefined, 'unexpected_failure'].includes(o.code);
const succeeded = (o: Outcome) => o.status >= 200 && o.status < 300 && o.code === undefined;

async function expectWorking() {
  const service = client(stack.keys.secretKey);
  const read = await service.from('polar_webhook_events').select('webhook_id').limit(1);
  expect([read.status, read.error]).toEqual([200, null]);
  const id = `wh_after_${crypto.randomUUID()}`;
  const called = await service.rpc('record_polar_webhook_event', { p_webhook_id: id, p_type: 'after', p_payload: {} });
  expect(called).toMatchObject({ data: true, error: null, status: 200 });
  const signIn = await client(stack.keys.publishableKey).auth.signInWithPassword(DEMO);
  expect(signIn.error).toBeNull();
  return signIn.data.session!.access_token;
}

it('keeps answering while PostgreSQL stops and starts during a burst, three times over', async () => {
  const logged = vi.spyOn(console, 'error');
  let accessToken = await expectWorking();

  for (let round = 0; round < 3; round += 1) {
    // A burst in flight when the database stops: each request either made it or got a 5xx.
    // The stop comes once the first answers are back, so the rest are mid-way through Postgres.
    const burst: Promise<Outcome>[] = [];
    let answered = 0;
    let release = () => {};
    const firstAnswers = new Promise<void>((resolve) => (release = resolve));
    const fire = (i: number) => {
      burst.push(
        request(i, accessToken).finally(() => {
          answered += 1;
          if (answered === 20) release();
        }),
      );
    };
    for (let i = 0; i < 100; i += 1) fire(i);
    await firstAnswers;
    let paused = false;
    const pausing = stack.pg.pause().then(() => (paused = true));
    for (let i = 0; !paused && i < 50; i += 1) {
      fire(i);
      await sleep(5);
    }
    await pausing;

    // Fired while the database is down, settled before it comes back: every one is a 5xx.
    const outage = await Promise.all(Array.from({ length: 60 }, (_, i) => request(i, accessToken)));
    expect(outage.filter((o) => !failedAsExpected(o))).toEqual([]);

    const settled = await Promise.all(burst);
    expect(settled.filter((o) => !succeeded(o) && !failedAsExpected(o))).toEqual([]);

    await stack.pg.resume();
    accessToken = await expectWorking();
    // A write that was answered with success was committed, outage or not.
    const acknowledged = settled.filter((o) => o.wrote && succeeded(o)).map((o) => o.wrote!);
    const stored = await client(stack.keys.secretKey).from('polar_webhook_events').select('webhook_id').in('webhook_id', acknowledged);
    expect(stored.data?.map((r) => r.webhook_id).sort()).toEqual(acknowledged.sort());
  }

  // An outage is expected traffic, not an error worth a stack trace.
  expect(logged.mock.calls.filter((args) => String(args[0]).includes('[supabase stand-in]'))).toEqual([]);
  logged.mockRestore();
}, 120_000);
