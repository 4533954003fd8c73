// The sign-in, sign-up and password-reset throttles, with their default limits, through the
// real forms (submitted as a browser without JavaScript does) on a second server: per client
// address (the socket's, whatever X-Forwarded-For claims) and per account, each client on its
// own, and counted in the store every server instance shares.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqlFor } from '../../fixtures/app-users.ts';
import { submitAuthForm, type FormAnswer } from '../../fixtures/auth-forms.ts';
import { closeAddressAgents, fromAddress } from '../../fixtures/client-addresses.ts';
import type { RunningApp } from '../../fixtures/next-app.ts';
import { startSecondApp } from '../../fixtures/second-app.ts';

const stack = inject('stack');
const sql = sqlFor(stack);
let app: RunningApp;

beforeAll(async () => {
  app = await startSecondApp(stack); // no RATE_LIMIT_* set: the defaults
});
afterAll(async () => {
  await app?.stop();
  await closeAddressAgents();
  await sql.end();
});

const WRONG = 'Wrong email or password.';
const THROTTLED = /Too many attempts\. Try again in \d+ (?:seconds?|minutes?)\./;
const LINK_SENT = 'If an account exists for that email, we sent it a link to choose a new password.';
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@billing-starter.dev`;

const signIn = (from: string, address: string, options: { headers?: Record<string, string>; url?: string } = {}) =>
  submitAuthForm(options.url ?? app.url, '/login', { email: address, password: 'not-the-password' }, { dispatcher: fromAddress(from), headers: options.headers });
const signUp = (from: string) => submitAuthForm(app.url, '/signup', { email: email('throttle-up'), password: 'correct-horse-battery' }, { dispatcher: fromAddress(from) });
const reset = (from: string, address: string) => submitAuthForm(app.url, '/forgot-password', { email: address }, { dispatcher: fromAddress(from) });

function expectShows(answer: FormAnswer, text: string | RegExp) {
  expect(answer.status).toBe(200);
  expect(answer.text).toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
}

describe('sign-in', () => {
  it('allows 10 attempts per client address in 5 minutes, then shows the form its own wording', async () => {
    for (let i = 0; i < 10; i++) expectShows(await signIn('127.0.0.11', email('per-address')), WRONG);
    const refused = await signIn('127.0.0.11', email('per-address'));
    expectShows(refused, THROTTLED);
    expect(refused.text).toMatch(/Try again in [1-5] minutes?\./);
    expect(refused.text).not.toContain(WRONG);
  });

  it('leaves another client at the same moment unaffected', async () => {
    expectShows(await signIn('127.0.0.11', email('per-address')), THROTTLED);
    expectShows(await signIn('127.0.0.12', email('other-client')), WRONG);
  });

  it('keys on the connection, not on what X-Forwarded-For or X-Real-IP claim', async () => {
    const claims: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.99' }, { 'x-forwarded-for': '127.0.0.12, 127.0.0.13' }, { 'x-real-ip': '203.0.113.98' }, { forwarded: 'for=203.0.113.97' }];
    for (const headers of claims) {
      expectShows(await signIn('127.0.0.11', email('forged'), { headers }), THROTTLED);
    }
    // And claiming the throttled address from a fresh one does not throttle the fresh one.
    expectShows(await signIn('127.0.0.14', email('claims'), { headers: { 'x-forwarded-for': '127.0.0.11' } }), WRONG);
  });

  it('allows 5 attempts per account in 5 minutes, from any addresses, however the email is cased', async () => {
    const victim = email('victim');
    for (let i = 0; i < 5; i++) expectShows(await signIn(`127.0.0.${21 + i}`, i % 2 ? victim.toUpperCase() : ` ${victim} `), WRONG);
    expectShows(await signIn('127.0.0.26', victim), THROTTLED);
    // The same fresh address, another account: not throttled.
    expectShows(await signIn('127.0.0.26', email('bystander')), WRONG);
  });

  it('counts attempts on every server instance in the one store', async () => {
    const account = email('two-servers');
    // Three on the shared app (whose own limits are generous), two here: the sixth is refused here.
    for (let i = 0; i < 3; i++) expectShows(await signIn(`127.0.0.${31 + i}`, account, { url: stack.appUrl }), WRONG);
    for (let i = 0; i < 2; i++) expectShows(await signIn(`127.0.0.${34 + i}`, account), WRONG);
    expectShows(await signIn('127.0.0.36', account), THROTTLED);
  });

  it('keeps no email or address in the store, only hashes', async () => {
    const keys = (await sql<{ key: string }[]>`select key from public.rate_limit_buckets`).map((row) => row.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => /@|127\.0\.0\./.test(key))).toEqual([]);
  });

  it('fails open: with the store refusing, signing in still works', async () => {
    const account = email('store-down');
    for (let i = 0; i < 5; i++) expectShows(await signIn('127.0.0.41', account), WRONG);
    expectShows(await signIn('127.0.0.41', account), THROTTLED);
    await sql`revoke execute on function public.consume_rate_limit(jsonb) from service_role`;
    try {
      expectShows(await signIn('127.0.0.41', account), WRONG);
      const demo = await submitAuthForm(app.url, '/login', { email: 'demo@billing-starter.dev', password: 'demo-password-123' }, { dispatcher: fromAddress('127.0.0.41') });
      expect(demo.status).toBe(303);
      expect(demo.location).toBe('/dashboard');
    } finally {
      await sql`grant execute on function public.consume_rate_limit(jsonb) to service_role`;
    }
    expectShows(await signIn('127.0.0.41', account), THROTTLED);
  });
});

describe('sign-up', () => {
  it('allows 5 per client address in an hour; another client is unaffected', async () => {
    for (let i = 0; i < 5; i++) {
      const answer = await signUp('127.0.0.51');
      expect(answer.status, answer.text.slice(0, 300)).toBe(303);
      expect(answer.location).toBe('/dashboard');
    }
    const refused = await signUp('127.0.0.51');
    expectShows(refused, /Too many attempts\. Try again in (?:[1-5]?\d|60) minutes?\./);
    expect((await signUp('127.0.0.52')).status).toBe(303);
  });
});

describe('password reset', () => {
  it('allows 5 requests per client address in an hour, each answered alike', async () => {
    for (let i = 0; i < 5; i++) expectShows(await reset('127.0.0.61', i === 0 ? 'demo@billing-starter.dev' : email('nobody')), LINK_SENT);
    expectShows(await reset('127.0.0.61', email('nobody')), THROTTLED);
    expectShows(await reset('127.0.0.62', email('nobody')), LINK_SENT);
  });

  it('allows 3 requests per account in an hour, from any addresses', async () => {
    const account = email('reset-victim');
    for (let i = 0; i < 3; i++) expectShows(await reset(`127.0.0.${71 + i}`, account), LINK_SENT);
    expectShows(await reset('127.0.0.74', account), THROTTLED);
    expectShows(await reset('127.0.0.74', email('reset-other')), LINK_SENT);
  });
});
