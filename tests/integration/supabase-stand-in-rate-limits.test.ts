// GoTrue's rate limits on the Supabase stand-in: token buckets of 30 per client address and
// limiter, refilled at N/300 per second; password sign-ins count against token_refresh; the
// project's email budget; and the 429 on the wire. A client on 127.0.0.2 is another client.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailCount } from '../fixtures/mail.ts';
import { startSupabaseStack, type SupabaseStack } from '../fixtures/supabase-stack.ts';

let stack: SupabaseStack;
let elsewhere: Agent;
let n = 0;
const email = (label: string) => `${label}-${++n}-${Date.now().toString(36)}@example.com`;

/** A supabase-js client whose connections leave from `localAddress` (127.0.0.1 by default). */
function client(localAddress?: '127.0.0.2'): SupabaseClient {
  const fetch = localAddress
    ? (((input: string, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher: elsewhere })) as unknown as typeof globalThis.fetch)
    : globalThis.fetch;
  return createClient(stack.standIn.url, stack.keys.publishableKey, { auth: { persistSession: false, autoRefreshToken: false }, global: { fetch } });
}

/** Calls `attempt` until it is refused 429 and returns how many went through first. */
async function allowedBefore429(attempt: () => Promise<{ error: { status?: number } | null }>, max = 40): Promise<number> {
  for (let i = 0; i < max; i++) if ((await attempt()).error?.status === 429) return i;
  return max;
}

const weakSignUp = (supabase: SupabaseClient) => () => supabase.auth.signUp({ email: email('weak'), password: 'short' });
const wrongPassword = (supabase: SupabaseClient) => () => supabase.auth.signInWithPassword({ email: 'nobody@example.com', password: 'wrong-password' });

beforeAll(async () => {
  stack = await startSupabaseStack();
  elsewhere = new Agent({ localAddress: '127.0.0.2' });
}, 60_000);
afterAll(async () => {
  await elsewhere?.close();
  await stack?.stop();
});
afterEach(() => stack.standIn.setAuthModes({ rateLimits: false, confirmations: false }));

describe('per-client limits', () => {
  it('are off unless switched on (test stacks sign up many users from one address)', async () => {
    expect(await allowedBefore429(weakSignUp(client()), 35)).toBe(35);
  });

  it('let 30 sign-ups through from one address, then answer 429, while 127.0.0.2 is a fresh client', async () => {
    stack.standIn.setAuthModes({ rateLimits: true });
    expect(await allowedBefore429(weakSignUp(client()))).toBe(30);
    const other = await weakSignUp(client('127.0.0.2'))();
    expect(other.error).toMatchObject({ status: 422, code: 'weak_password' });
    // Other limiters: a password sign-in, and /recover — the same sign_in_sign_ups figure but a
    // bucket of its own — from the limited address still get an answer.
    expect((await wrongPassword(client())()).error).toMatchObject({ status: 400, code: 'invalid_credentials' });
    expect((await client().auth.resetPasswordForEmail(email('recover'))).error).toBeNull();
  });

  it('guard PUT /user (sign_in_sign_ups) once the caller is known', async () => {
    const supabase = client();
    expect((await supabase.auth.signUp({ email: email('updater'), password: 'correct-horse-1' })).error).toBeNull();
    stack.standIn.setAuthModes({ rateLimits: true });
    expect(await allowedBefore429(() => supabase.auth.updateUser({ data: { n: 1 } }))).toBe(30);
  });

  it('count password sign-ins against token_refresh, the bucket refreshes share', async () => {
    stack.standIn.setAuthModes({ rateLimits: true });
    expect(await allowedBefore429(wrongPassword(client()))).toBe(30);
    const refresh = await client().auth.refreshSession({ refresh_token: 'whatever' });
    expect(refresh.error).toMatchObject({ status: 429, code: 'over_request_rate_limit', message: 'Request rate limit reached' });
    expect((await weakSignUp(client())()).error?.status).toBe(422);
    expect((await wrongPassword(client('127.0.0.2'))()).error?.status).toBe(400);
  });

  it('refill at N/300 per second', async () => {
    stack.standIn.setAuthModes({ rateLimits: { tokenRefresh: 1500 } }); // 5 a second
    expect(await allowedBefore429(wrongPassword(client()))).toBeGreaterThanOrEqual(30);
    expect((await wrongPassword(client())()).error?.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await wrongPassword(client())()).error?.status).toBe(400);
  });

  it('guard /verify too, and answer GET /verify’s 429 as JSON, not as a redirect', async () => {
    stack.standIn.setAuthModes({ rateLimits: true });
    const verify = () => client().auth.verifyOtp({ type: 'email', token_hash: 'pkce_unknown' });
    expect(await allowedBefore429(verify)).toBe(30);
    const link = await fetch(`${stack.standIn.url}/auth/v1/verify?token=pkce_x&type=signup&redirect_to=http://127.0.0.1:1/`, { redirect: 'manual' });
    expect(link.status).toBe(429);
    expect(link.headers.get('location')).toBeNull();
  });
});

describe('the 429 on the wire', () => {
  it('carries x-sb-error-code and no Retry-After; without the API-version header the body is the legacy one', async () => {
    stack.standIn.setAuthModes({ rateLimits: true });
    await allowedBefore429(wrongPassword(client()));
    const post = (headers: Record<string, string>) =>
      fetch(`${stack.standIn.url}/auth/v1/token?grant_type=password`, {
        method: 'POST', headers: { apikey: stack.keys.publishableKey, ...headers }, body: JSON.stringify({ email: 'a@example.com', password: 'x' }),
      });
    const versioned = await post({ 'X-Supabase-Api-Version': '2024-01-01' });
    expect(versioned.status).toBe(429);
    expect(versioned.headers.get('x-sb-error-code')).toBe('over_request_rate_limit');
    expect(versioned.headers.get('retry-after')).toBeNull();
    expect(await versioned.json()).toEqual({ code: 'over_request_rate_limit', message: 'Request rate limit reached' });
    const legacy = await post({});
    expect(await legacy.json()).toEqual({ code: 429, error_code: 'over_request_rate_limit', msg: 'Request rate limit reached' });
  });
});

describe('the email budget', () => {
  it('sends `email_sent` mails an hour for the whole project, then refuses sign-ups with over_email_send_rate_limit and keeps no user', async () => {
    stack.standIn.setAuthModes({ confirmations: true, rateLimits: { emailSent: 2 } });
    const sent = [email('one'), email('two')];
    for (const address of sent) expect((await client().auth.signUp({ email: address, password: 'correct-horse-1' })).error).toBeNull();
    const third = email('three');
    const refused = await client('127.0.0.2').auth.signUp({ email: third, password: 'correct-horse-1' });
    expect(refused.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit', message: 'email rate limit exceeded' });
    expect(await stack.db`select 1 from auth.users where email = ${third}`).toHaveLength(0);
    expect(await mailCount(stack.inbox.url, third)).toBe(0);
    for (const address of sent) expect(await mailCount(stack.inbox.url, address)).toBe(1);
  });
});
