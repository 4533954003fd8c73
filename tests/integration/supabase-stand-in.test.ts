// The Supabase stand-in, judged by the real clients: every assertion goes through
// @supabase/supabase-js or @supabase/ssr against real PostgreSQL, so a response the clients
// would reject, or data Postgres would not hand out, fails here.
import { createServerClient } from '@supabase/ssr';
import { AuthApiError, createClient } from '@supabase/supabase-js';
import type { SupabaseClient } from '@supabase/supabase-js';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCookieJar, startSupabaseStack } from '../fixtures/supabase-stack.ts';
import type { SupabaseStack } from '../fixtures/supabase-stack.ts';

let stack: SupabaseStack;
const noPersist = { auth: { persistSession: false, autoRefreshToken: false } };
const client = (key = stack.keys.publishableKey, url = stack.standIn.url) => createClient(url, key, noPersist);

async function signedIn(email: string, password = 'correct-horse-1'): Promise<SupabaseClient> {
  const supabase = client();
  const { error } = await supabase.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  return supabase;
}

async function signUp(email: string, password = 'correct-horse-1') {
  const { data, error } = await client().auth.signUp({ email, password });
  expect(error).toBeNull();
  return data;
}

beforeAll(async () => {
  stack = await startSupabaseStack();
}, 60_000);
afterAll(async () => stack?.stop());

describe('auth', () => {
  it('signs up with a session, and refuses a taken email, a weak password and a bad email', async () => {
    const data = await signUp('alice@billing-starter.dev');
    expect(data.session?.access_token).toBeTruthy();
    expect(data.session?.expires_in).toBe(3600);
    expect(data.user?.email).toBe('alice@billing-starter.dev');
    expect(data.user?.identities?.[0]?.provider).toBe('email');

    const taken = await client().auth.signUp({ email: 'Alice@billing-starter.dev', password: 'correct-horse-1' });
    expect(taken.error).toBeInstanceOf(AuthApiError);
    expect(taken.error).toMatchObject({ code: 'user_already_exists', status: 422 });

    const weak = await client().auth.signUp({ email: 'weak@billing-starter.dev', password: 'short' });
    expect(weak.error).toMatchObject({ code: 'weak_password', status: 422, reasons: ['length'] });

    const bad = await client().auth.signUp({ email: 'not-an-email', password: 'correct-horse-1' });
    expect(bad.error).toMatchObject({ code: 'validation_failed', status: 400 });
  });

  it('signs in with the right password only (seed user included)', async () => {
    const ok = await client().auth.signInWithPassword({ email: 'demo@billing-starter.dev', password: 'demo-password-123' });
    expect(ok.error).toBeNull();
    expect(ok.data.user?.id).toBe('d0d0d0d0-0000-4000-8000-000000000001');

    const wrong = await client().auth.signInWithPassword({ email: 'demo@billing-starter.dev', password: 'nope-nope-nope' });
    expect(wrong.error).toMatchObject({ code: 'invalid_credentials', status: 400, message: 'Invalid login credentials' });
  });

  it('getUser asks the server; getClaims verifies ES256 locally without a /user call', async () => {
    const supabase = await signedIn('demo@billing-starter.dev', 'demo-password-123');
    const { data: user } = await supabase.auth.getUser();
    expect(user.user?.email).toBe('demo@billing-starter.dev');

    stack.standIn.resetRequestCount();
    const { data, error } = await supabase.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.header).toMatchObject({ alg: 'ES256', kid: stack.signingKey.kid, typ: 'JWT' });
    expect(data?.claims).toMatchObject({
      iss: `${stack.standIn.url}/auth/v1`, sub: user.user?.id, aud: 'authenticated', role: 'authenticated',
      email: 'demo@billing-starter.dev', aal: 'aal1', is_anonymous: false,
    });
    expect(stack.standIn.counts()).toEqual({ auth: 0, rest: 0, jwks: 1 });
    await supabase.auth.getClaims();
    expect(stack.standIn.requestCount()).toBe(1); // the JWKS stays cached
  });

  it('rotates refresh tokens; a used one is refused once the reuse interval has passed', async () => {
    const supabase = await signedIn('demo@billing-starter.dev', 'demo-password-123');
    const before = (await supabase.auth.getSession()).data.session!;
    const { data, error } = await supabase.auth.refreshSession();
    expect(error).toBeNull();
    expect(data.session?.refresh_token).not.toBe(before.refresh_token);
    expect(data.session?.access_token).not.toBe(before.access_token);

    // Within the default 10 s interval, GoTrue hands a client that lost the answer the same new token.
    const retry = await client().auth.refreshSession({ refresh_token: before.refresh_token });
    expect(retry.data.session?.refresh_token).toBe(data.session?.refresh_token);

    const strict = await stack.startAnother({ refreshTokenReuseIntervalSeconds: 0 });
    const other = client(stack.keys.publishableKey, strict.url);
    const fresh = (await other.auth.signInWithPassword({ email: 'demo@billing-starter.dev', password: 'demo-password-123' })).data.session!;
    expect((await other.auth.refreshSession({ refresh_token: fresh.refresh_token })).error).toBeNull();
    const reused = await client(stack.keys.publishableKey, strict.url).auth.refreshSession({ refresh_token: fresh.refresh_token });
    expect(reused.error).toMatchObject({ code: 'refresh_token_already_used', status: 400 });
    const unknown = await client().auth.refreshSession({ refresh_token: 'no-such-token' });
    expect(unknown.error).toMatchObject({ code: 'refresh_token_not_found' });
  });

  it('signOut ends the session on the server', async () => {
    await signUp('bob@billing-starter.dev');
    const supabase = await signedIn('bob@billing-starter.dev');
    const token = (await supabase.auth.getSession()).data.session!.access_token;
    expect((await supabase.auth.signOut()).error).toBeNull();
    const after = await client().auth.getUser(token);
    expect(after.data.user).toBeNull();
    expect(after.error?.name).toBe('AuthSessionMissingError'); // auth-js's reading of session_not_found
  });

  it('answers a password-reset request alike for known and unknown addresses, and refuses a bad one', async () => {
    await signUp('recover@billing-starter.dev');
    for (const email of ['recover@billing-starter.dev', 'nobody-here@billing-starter.dev']) {
      const { data, error } = await client().auth.resetPasswordForEmail(email, { redirectTo: 'http://127.0.0.1:3000/auth/confirm?next=/reset-password' });
      expect(error).toBeNull();
      expect(data).toEqual({});
    }
    // @supabase/ssr sends the PKCE pair and keeps the verifier in a cookie. (Another account:
    // GoTrue refuses a second mail to one address within max_frequency, 1 s in config.toml.)
    await signUp('recover-pkce@billing-starter.dev');
    const { jar, methods } = createCookieJar();
    const ssr = createServerClient(stack.standIn.url, stack.keys.publishableKey, { cookies: methods });
    expect((await ssr.auth.resetPasswordForEmail('recover-pkce@billing-starter.dev')).error).toBeNull();
    expect([...jar.keys()].some((name) => name.endsWith('-code-verifier'))).toBe(true);

    expect((await client().auth.resetPasswordForEmail('')).error).toMatchObject({ code: 'validation_failed', status: 400 });
    expect((await client().auth.resetPasswordForEmail('not-an-email')).error).toMatchObject({ code: 'validation_failed', status: 400 });
  });

  it('admin API needs the secret key', async () => {
    const admin = client(stack.keys.secretKey);
    const created = await admin.auth.admin.createUser({ email: 'made@billing-starter.dev', password: 'correct-horse-1', email_confirm: true, user_metadata: { plan: 'x' } });
    expect(created.error).toBeNull();
    expect(created.data.user?.user_metadata).toMatchObject({ plan: 'x' });
    expect((await signedIn('made@billing-starter.dev')).auth).toBeTruthy();
    const listed = await admin.auth.admin.listUsers();
    expect(listed.data.users.map((u) => u.email)).toContain('made@billing-starter.dev');

    const refused = await client().auth.admin.createUser({ email: 'no@billing-starter.dev', password: 'correct-horse-1' });
    expect(refused.error).toMatchObject({ code: 'not_admin', status: 403 });

    expect((await admin.auth.admin.deleteUser(created.data.user!.id)).error).toBeNull();
    const gone = await admin.auth.admin.getUserById(created.data.user!.id);
    expect(gone.error).toMatchObject({ code: 'user_not_found', status: 404 });
  });

  it('serves the JWKS without a key and rejects requests with a missing or unknown key', async () => {
    const jwks = await (await fetch(`${stack.standIn.url}/auth/v1/.well-known/jwks.json`)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: stack.signingKey.kid, alg: 'ES256' });
    expect(jwks.keys[0]).not.toHaveProperty('ext');
    for (const path of ['/rest/v1/user_subscriptions', '/auth/v1/user']) {
      const missing = await fetch(`${stack.standIn.url}${path}`);
      expect([missing.status, await missing.json()]).toEqual([401, { message: 'No API key found in request' }]);
      const unknown = await fetch(`${stack.standIn.url}${path}`, { headers: { apikey: 'sb_publishable_nope' } });
      expect([unknown.status, await unknown.json()]).toEqual([401, { message: 'Invalid API key' }]);
    }
  });
});

describe('rest', () => {
  let carol: string;
  let dave: string;
  const subscriptionArgs = (userId: string, status: string) => ({
    p_webhook_id: `wh_${crypto.randomUUID()}`, p_event_type: 'subscription.updated', p_payload: { id: 'sub_1', status },
    p_external_user_id: userId, p_customer_id: 'cus_carol', p_subscription_id: 'sub_1', p_status: status, p_product_id: 'prod_pro',
    p_price_id: 'price_pro', p_current_period_start: '2026-01-01T00:00:00Z', p_current_period_end: '2026-02-01T00:00:00Z',
    p_cancel_at_period_end: false, p_canceled_at: null, p_ends_at: null, p_ended_at: null, p_modified_at: new Date().toISOString(),
  });

  beforeAll(async () => {
    carol = (await signUp('carol@billing-starter.dev')).user!.id;
    dave = (await signUp('dave@billing-starter.dev')).user!.id;
    await stack.db`
      insert into public.user_subscriptions (user_id, polar_customer_id, status)
      values (${carol}, 'cus_carol', 'active'), (${dave}, 'cus_dave', 'canceled')`;
  });

  it('a signed-in user reads only their own row, as RLS decides', async () => {
    const supabase = await signedIn('carol@billing-starter.dev');
    const { data, error } = await supabase.from('user_subscriptions').select('user_id, state:status');
    expect(error).toBeNull();
    expect(data).toEqual([{ user_id: carol, state: 'active' }]);

    const others = await supabase.from('user_subscriptions').select('*').eq('user_id', dave).maybeSingle();
    expect(others).toMatchObject({ data: null, error: null });
    const single = await supabase.from('user_subscriptions').select('*').eq('user_id', dave).single();
    expect(single.status).toBe(406);
    expect(single.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 0 rows' });
    const mine = await supabase.from('user_subscriptions').select('status').single();
    expect(mine.data).toEqual({ status: 'active' });
  });

  it('the anon key gets nothing', async () => {
    const { data, error, status } = await client().from('user_subscriptions').select('*');
    expect(data).toBeNull();
    expect(status).toBe(401);
    expect(error?.code).toBe('42501');
  });

  it('Postgres refuses writes by the user and leaves the row unchanged', async () => {
    const supabase = await signedIn('carol@billing-starter.dev');
    const insert = await supabase.from('user_subscriptions').insert({ user_id: carol, status: 'active' });
    const update = await supabase.from('user_subscriptions').update({ status: 'trialing' }).eq('user_id', carol);
    const remove = await supabase.from('user_subscriptions').delete().eq('user_id', carol);
    for (const result of [insert, update, remove]) {
      expect(result.status).toBe(403);
      expect(result.error?.code).toBe('42501');
    }
    const [row] = await stack.db`select status from public.user_subscriptions where user_id = ${carol}`;
    expect(row?.status).toBe('active');
  });

  it('the service role (secret key or legacy JWT) reads everything and calls the write path', async () => {
    for (const key of [stack.keys.secretKey, stack.keys.serviceRoleKey]) {
      const { data, error, count } = await client(key)
        .from('user_subscriptions').select('user_id, status', { count: 'exact' })
        .in('user_id', [carol, dave]).order('status', { ascending: true });
      expect(error).toBeNull();
      expect(count).toBe(2);
      expect(data?.map((r) => r.status)).toEqual(['active', 'canceled']);
    }
    const service = client(stack.keys.secretKey);
    const applied = await service.rpc('apply_polar_subscription', subscriptionArgs(carol, 'trialing'));
    expect(applied).toMatchObject({ data: 'applied', error: null });
    const row = await service.from('user_subscriptions').select('status, product_id, current_period_end').eq('user_id', carol).single();
    expect(row.data).toEqual({ status: 'trialing', product_id: 'prod_pro', current_period_end: '2026-02-01T00:00:00+00:00' });

    const user = await signedIn('carol@billing-starter.dev');
    const refused = await user.rpc('apply_polar_subscription', subscriptionArgs(carol, 'canceled'));
    expect(refused.status).toBe(403);
    expect(refused.error?.code).toBe('42501');
    const unknown = await service.rpc('no_such_function', {});
    expect(unknown.status).toBe(404);
    expect(unknown.error?.code).toBe('PGRST202');
  });

  it('finds a function created after a call missed it (misses are not cached)', async () => {
    const service = client(stack.keys.secretKey);
    expect((await service.rpc('created_later', {})).error?.code).toBe('PGRST202');
    await stack.db`create function public.created_later() returns int language sql as 'select 7'`;
    await stack.db`grant execute on function public.created_later() to service_role`;
    expect(await service.rpc('created_later', {})).toMatchObject({ data: 7, error: null });
  });

  it('service-role writes: insert, upsert, update, delete with PostgREST statuses', async () => {
    const service = client(stack.keys.secretKey);
    const event = { webhook_id: 'wh_rest_1', type: 'test', outcome: 'ignored', payload: { a: 1 } };
    expect((await service.from('polar_webhook_events').insert(event)).status).toBe(201);
    const dup = await service.from('polar_webhook_events').insert(event);
    expect([dup.status, dup.error?.code]).toEqual([409, '23505']);
    const upserted = await service.from('polar_webhook_events').upsert({ ...event, outcome: 'applied' }).select('outcome').single();
    expect(upserted.data).toEqual({ outcome: 'applied' });
    const updated = await service.from('polar_webhook_events').update({ outcome: 'stale' }).eq('webhook_id', 'wh_rest_1').select();
    expect(updated.data).toMatchObject([{ webhook_id: 'wh_rest_1', outcome: 'stale', payload: { a: 1 } }]);
    const bad = await service.from('polar_webhook_events').update({ outcome: 'nonsense' }).eq('webhook_id', 'wh_rest_1');
    expect([bad.status, bad.error?.code]).toEqual([409, '23514']);
    const removed = await service.from('polar_webhook_events').delete({ count: 'exact' }).eq('webhook_id', 'wh_rest_1');
    expect([removed.status, removed.count]).toEqual([204, 1]);
    const missingTable = await service.from('nope').select('*');
    expect([missingTable.status, missingTable.error?.code]).toEqual([404, 'PGRST205']);
    const badColumn = await service.from('user_subscriptions').select('nope');
    expect([badColumn.status, badColumn.error?.code]).toEqual([400, '42703']);
  });

  it('rejects an expired user JWT with 401', async () => {
    const key = await importJWK(stack.signingKey.privateJwk, 'ES256');
    const expired = await new SignJWT({ sub: carol, role: 'authenticated', aud: 'authenticated' })
      .setProtectedHeader({ alg: 'ES256', kid: stack.signingKey.kid, typ: 'JWT' })
      .setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_060).sign(key);
    const res = await fetch(`${stack.standIn.url}/rest/v1/user_subscriptions`, {
      headers: { apikey: stack.keys.publishableKey, authorization: `Bearer ${expired}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
  });
});

describe('@supabase/ssr', () => {
  it('signs in into the sb-127-auth-token cookie, which a fresh server client reads with getClaims', async () => {
    const cookies = createCookieJar();
    const first = createServerClient(stack.standIn.url, stack.keys.publishableKey, { cookies: cookies.methods });
    const { error } = await first.auth.signInWithPassword({ email: 'demo@billing-starter.dev', password: 'demo-password-123' });
    expect(error).toBeNull();
    expect(cookies.jar.get('sb-127-auth-token')).toMatch(/^base64-/);

    stack.standIn.resetRequestCount();
    const second = createServerClient(stack.standIn.url, stack.keys.publishableKey, { cookies: createCookieJar(Object.fromEntries(cookies.jar)).methods });
    const { data } = await second.auth.getClaims();
    expect(data?.claims.email).toBe('demo@billing-starter.dev');
    expect(stack.standIn.counts().auth).toBe(0);
    const rows = await second.from('user_subscriptions').select('user_id');
    expect(rows).toMatchObject({ data: [], error: null });
  });
});
