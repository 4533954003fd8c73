// Email confirmation on the Supabase stand-in, judged by @supabase/ssr (PKCE, as the app uses
// it) and supabase-js against real PostgreSQL, with the mail read through mailpit-api: sign-up
// shapes, the email, GET /verify's redirects, the PKCE exchange rules and the token_hash link.
import { createServerClient } from '@supabase/ssr';
import { createClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailCount, waitForMail } from '../fixtures/mail.ts';
import { createCookieJar, startSupabaseStack, type SupabaseStack } from '../fixtures/supabase-stack.ts';

const SITE = 'http://localhost:3999';
const CONFIRM = `${SITE}/auth/confirm?next=%2Fdashboard`;
const PASSWORD = 'correct-horse-1';

let stack: SupabaseStack;
let n = 0;
const email = (label: string) => `${label}-${++n}-${Date.now().toString(36)}@example.com`;
const noPersist = { auth: { persistSession: false, autoRefreshToken: false } };

/** A browser's @supabase/ssr client: its cookie jar keeps the PKCE code verifier. */
function ssrClient() {
  const cookies = createCookieJar();
  return { cookies, supabase: createServerClient(stack.standIn.url, stack.keys.publishableKey, { cookies: cookies.methods }) };
}

async function signUp(address: string, redirect = CONFIRM) {
  const client = ssrClient();
  const result = await client.supabase.auth.signUp({ email: address, password: PASSWORD, options: { emailRedirectTo: redirect } });
  return { ...client, ...result };
}

/** Follows a link without following the redirect: where GoTrue sends the browser. */
async function follow(link: string): Promise<URL> {
  const response = await fetch(link, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!);
}

beforeAll(async () => {
  stack = await startSupabaseStack({ siteUrl: SITE, confirmations: true });
}, 60_000);
afterAll(async () => stack?.stop());
afterEach(() => stack.standIn.setAuthModes({ confirmations: true, emailLinks: 'verify' }));

describe('sign-up with confirmations on', () => {
  it('answers the bare user (no session, not confirmed) and stores what GoTrue stores', async () => {
    const address = email('bare');
    const { data, error } = await signUp(address);
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    const user = data.user!;
    expect(user).toMatchObject({ email: address, role: 'authenticated', aud: 'authenticated', phone: '', is_anonymous: false });
    expect(user.user_metadata).toEqual({ sub: user.id, email: address, email_verified: false, phone_verified: false });
    expect(user.identities).toHaveLength(1);
    for (const key of ['email_confirmed_at', 'confirmed_at', 'last_sign_in_at']) expect(user).not.toHaveProperty(key);
    expect(new Date(user.confirmation_sent_at!).getTime()).toBeGreaterThan(Date.now() - 10_000);

    const [row] = await stack.db`select confirmation_token, email_confirmed_at from auth.users where id = ${user.id}`;
    expect(row!.confirmation_token).toMatch(/^pkce_[0-9a-f]{56}$/);
    expect(row!.email_confirmed_at).toBeNull();
    const [token] = await stack.db`select token_type::text, token_hash, relates_to from auth.one_time_tokens where user_id = ${user.id}`;
    expect(token).toEqual({ token_type: 'confirmation_token', token_hash: row!.confirmation_token, relates_to: address });
    const [flow] = await stack.db`
      select provider_type, authentication_method, code_challenge_method::text, auth_code, auth_code_issued_at
      from auth.flow_state where user_id = ${user.id}`;
    expect(flow).toMatchObject({ provider_type: 'email', authentication_method: 'email/signup', code_challenge_method: 's256', auth_code_issued_at: null });
    expect(flow!.auth_code).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends GoTrue’s mail: HTML only, from "Admin" <admin@email.com>, a /verify link carrying the pkce_ token and redirect_to', async () => {
    const address = email('mail');
    const { data } = await signUp(address);
    const mail = await waitForMail(stack.inbox.url, address);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.from).toEqual({ Name: 'Admin', Address: 'admin@email.com' });
    expect(mail.html).toContain('<h2>Confirm your email address</h2>');
    expect(mail.html).toContain('&amp;type=signup&amp;redirect_to=');
    expect(mail.text).toContain('Confirm email address ( http://127.0.0.1:');
    const [row] = await stack.db`select confirmation_token from auth.users where id = ${data.user!.id}`;
    // The redirect holds '=' so GoTrue query-escapes it; the token is the stored hash itself.
    expect(mail.link).toBe(`${stack.standIn.url}/auth/v1/verify?token=${row!.confirmation_token}&type=signup&redirect_to=${encodeURIComponent(CONFIRM)}`);
  });

  it('says so in GET /settings (mailer_autoconfirm), as the switch changes', async () => {
    const settings = async () => (await (await fetch(`${stack.standIn.url}/auth/v1/settings`, { headers: { apikey: stack.keys.publishableKey } })).json()).mailer_autoconfirm;
    expect(await settings()).toBe(false);
    stack.standIn.setAuthModes({ confirmations: false });
    expect(await settings()).toBe(true);
  });

  it('refuses a password sign-in until the link is followed (email_not_confirmed)', async () => {
    const address = email('early');
    await signUp(address);
    const { error } = await createClient(stack.standIn.url, stack.keys.publishableKey, noPersist).auth.signInWithPassword({ email: address, password: PASSWORD });
    expect(error).toMatchObject({ code: 'email_not_confirmed', status: 400 });
  });

  it('GET /verify confirms and answers 303 to redirect_to?code=…, and the code + verifier exchange for a session', async () => {
    const address = email('pkce');
    const { supabase, cookies } = await signUp(address);
    const location = await follow((await waitForMail(stack.inbox.url, address)).link);
    expect(`${location.origin}${location.pathname}`).toBe(`${SITE}/auth/confirm`);
    expect([...location.searchParams.keys()]).toEqual(['code', 'next']);
    expect(location.searchParams.get('next')).toBe('/dashboard');
    const [confirmed] = await stack.db`select email_confirmed_at from auth.users where email = ${address}`;
    expect(confirmed!.email_confirmed_at).not.toBeNull();

    expect([...cookies.jar.keys()].some((name) => name.endsWith('-code-verifier'))).toBe(true);
    const { data, error } = await supabase.auth.exchangeCodeForSession(location.searchParams.get('code')!);
    expect(error).toBeNull();
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.user_metadata.email_verified).toBe(true);
    const claims = (await supabase.auth.getClaims()).data!.claims;
    expect(claims.amr).toEqual([{ method: 'email/signup', timestamp: expect.any(Number) }]);
    expect(await stack.db`select 1 from auth.flow_state where user_id = ${data.user!.id}`).toHaveLength(0);
  });

  it('a second click finds no token: 303 with access_denied / otp_expired in the query (PKCE) and the fragment', async () => {
    const address = email('twice');
    await signUp(address);
    const { link } = await waitForMail(stack.inbox.url, address);
    await follow(link);
    const again = await follow(link);
    expect(again.searchParams.get('error')).toBe('access_denied');
    expect(again.searchParams.get('error_code')).toBe('otp_expired');
    expect(again.searchParams.get('error_description')).toBe('Email link is invalid or has expired');
    expect(again.searchParams.get('next')).toBe('/dashboard');
    expect(again.hash).toBe('#error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired&sb=');
  });

  it('a link older than otp_expiry (3600 s in config.toml) is refused the same way', async () => {
    const address = email('old');
    await signUp(address);
    const { link } = await waitForMail(stack.inbox.url, address);
    await stack.db`update auth.users set confirmation_sent_at = now() - interval '3601 seconds' where email = ${address}`;
    expect((await follow(link)).searchParams.get('error_code')).toBe('otp_expired');
    const [row] = await stack.db`select email_confirmed_at from auth.users where email = ${address}`;
    expect(row!.email_confirmed_at).toBeNull();
  });
});

describe('the PKCE exchange', () => {
  async function codeFor(label: string) {
    const address = email(label);
    const { supabase } = await signUp(address);
    const location = await follow((await waitForMail(stack.inbox.url, address)).link);
    return { supabase, address, code: location.searchParams.get('code')! };
  }

  it('expires 5 minutes after the sign-up created the flow, however recently the link was followed', async () => {
    const late = await codeFor('late');
    await stack.db`update auth.flow_state set created_at = now() - interval '301 seconds' where auth_code = ${late.code}`;
    const expired = await late.supabase.auth.exchangeCodeForSession(late.code);
    expect(expired.error).toMatchObject({ code: 'flow_state_expired', status: 422 });

    const inTime = await codeFor('in-time');
    await stack.db`update auth.flow_state set created_at = now() - interval '290 seconds' where auth_code = ${inTime.code}`;
    expect((await inTime.supabase.auth.exchangeCodeForSession(inTime.code)).error).toBeNull();
  });

  it('refuses a wrong verifier without consuming the code, and a used code with flow_state_not_found', async () => {
    const { supabase, code } = await codeFor('verifier');
    const other = ssrClient();
    await other.supabase.auth.signUp({ email: email('other'), password: PASSWORD }); // another flow's verifier
    const wrong = await other.supabase.auth.exchangeCodeForSession(code);
    expect(wrong.error).toMatchObject({ code: 'bad_code_verifier', status: 400 });

    expect((await supabase.auth.exchangeCodeForSession(code)).error).toBeNull();
    const replay = ssrClient();
    await replay.supabase.auth.signUp({ email: email('replay'), password: PASSWORD });
    expect((await replay.supabase.auth.exchangeCodeForSession(code)).error).toMatchObject({ code: 'flow_state_not_found', status: 404 });
  });

  it('makes no request at all without a verifier in storage (the link opened in another browser)', async () => {
    const { code } = await codeFor('elsewhere');
    stack.standIn.resetRequestCount();
    const { error } = await ssrClient().supabase.auth.exchangeCodeForSession(code);
    expect(error).toMatchObject({ name: 'AuthPKCECodeVerifierMissingError', code: 'pkce_code_verifier_not_found' });
    expect(stack.standIn.requestCount()).toBe(0);
  });

  it('GET /verify without a flow state (an implicit-flow sign-up) answers flow_state_not_found for a pkce_ token and rolls back', async () => {
    const address = email('no-flow');
    await createClient(stack.standIn.url, stack.keys.publishableKey, { auth: { ...noPersist.auth, flowType: 'implicit' } }).auth.signUp({ email: address, password: PASSWORD });
    const { link } = await waitForMail(stack.inbox.url, address);
    // An implicit sign-up's token has no prefix: the link signs in through the fragment.
    const implicit = await follow(link);
    expect(new URLSearchParams(implicit.hash.slice(1)).get('token_type')).toBe('bearer');
    expect(implicit.hash).toMatch(/^#access_token=.+&expires_at=\d+&expires_in=3600&refresh_token=.+&sb=&token_type=bearer&type=signup$/);

    const orphan = email('orphan');
    await signUp(orphan);
    const mail = await waitForMail(stack.inbox.url, orphan);
    await stack.db`delete from auth.flow_state where user_id = (select id from auth.users where email = ${orphan})`;
    const refused = await follow(mail.link);
    expect(refused.searchParams.get('error')).toBe('invalid_request');
    expect(refused.searchParams.get('error_code')).toBe('flow_state_not_found');
    const [row] = await stack.db`select email_confirmed_at from auth.users where email = ${orphan}`;
    expect(row!.email_confirmed_at).toBeNull();
  });
});

describe('the token_hash template', () => {
  it('links to {{ .SiteURL }}/auth/confirm with the pkce_ hash, which verifyOtp({type: "email"}) turns into a session', async () => {
    stack.standIn.setAuthModes({ emailLinks: 'token_hash' });
    const address = email('hash');
    await signUp(address);
    const link = new URL((await waitForMail(stack.inbox.url, address)).link);
    expect(`${link.origin}${link.pathname}`).toBe(`${SITE}/auth/confirm`);
    expect(link.searchParams.get('type')).toBe('email');
    expect(link.searchParams.get('next')).toBe('/dashboard');
    const tokenHash = link.searchParams.get('token_hash')!;
    expect(tokenHash).toMatch(/^pkce_[0-9a-f]{56}$/);

    const { supabase } = ssrClient();
    const { data, error } = await supabase.auth.verifyOtp({ type: 'email', token_hash: tokenHash });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect((await supabase.auth.getClaims()).data!.claims.amr).toEqual([{ method: 'otp', timestamp: expect.any(Number) }]);

    const again = await ssrClient().supabase.auth.verifyOtp({ type: 'email', token_hash: tokenHash });
    expect(again.error).toMatchObject({ code: 'otp_expired', status: 403, message: 'Email link is invalid or has expired' });
  });

  it('POST /verify refuses extra fields next to token_hash, and a missing type', async () => {
    const post = (body: unknown) =>
      fetch(`${stack.standIn.url}/auth/v1/verify`, { method: 'POST', headers: { 'X-Supabase-Api-Version': '2024-01-01' }, body: JSON.stringify(body) });
    const extra = await post({ type: 'email', token_hash: 'pkce_x', email: 'a@example.com' });
    expect([extra.status, await extra.json()]).toEqual([400, { code: 'validation_failed', message: 'Only the token_hash and type should be provided' }]);
    const untyped = await post({ token_hash: 'pkce_x' });
    expect((await untyped.json()).message).toBe('Verify requires a verification type');
  });
});

describe('repeated sign-ups', () => {
  it('a confirmed email gets a look-alike user (random id, no identities) and no mail, with confirmations on', async () => {
    const address = email('known');
    await signUp(address);
    await follow((await waitForMail(stack.inbox.url, address)).link);
    const [real] = await stack.db`select id from auth.users where email = ${address}`;

    const { data, error } = await signUp(address);
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user!.id).not.toBe(real!.id);
    expect(data.user).toMatchObject({ email: address, role: '', identities: [], user_metadata: {}, app_metadata: { provider: 'email', providers: ['email'] } });
    expect(data.user).not.toHaveProperty('email_confirmed_at');
    expect(await mailCount(stack.inbox.url, address)).toBe(1);
  });

  it('the same confirmed email is refused 422 user_already_exists with confirmations off', async () => {
    stack.standIn.setAuthModes({ confirmations: false });
    const address = email('autoconfirm');
    const first = await signUp(address);
    expect(first.data.session?.access_token).toBeTruthy();
    const { error } = await signUp(address);
    expect(error).toMatchObject({ code: 'user_already_exists', status: 422 });
  });

  it('an unconfirmed email gets a new link (the old one dies), no sooner than max_frequency (1s) after the last', async () => {
    const address = email('again');
    const first = await signUp(address);
    const oldLink = (await waitForMail(stack.inbox.url, address)).link;
    const tooSoon = await signUp(address);
    expect(tooSoon.error).toMatchObject({ code: 'over_email_send_rate_limit', status: 429 });
    expect(tooSoon.error?.message).toMatch(/^For security purposes, you can only request this after [01] seconds\.$/);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await signUp(address);
    expect(second.error).toBeNull();
    expect(second.data.user?.id).toBe(first.data.user?.id);
    await expect.poll(() => mailCount(stack.inbox.url, address)).toBe(2);
    expect((await follow(oldLink)).searchParams.get('error_code')).toBe('otp_expired');
  });
});

describe('redirect_to', () => {
  it('falls back to the site URL when not allowed, and allows any loopback address and the config.toml allow list', async () => {
    const cases: Array<[string, string]> = [
      ['https://evil.example/auth/confirm', `${SITE}/`],
      ['http://localhost:4000/auth/confirm', 'http://localhost:4000/auth/confirm'],
      ['http://127.0.0.1:4567/x?y=1', 'http://127.0.0.1:4567/x'],
      ['http://127.0.0.1:3000', 'http://127.0.0.1:3000/'],
      ['http://2130706433/', `${SITE}/`],
    ];
    for (const [requested, expected] of cases) {
      const address = email('redirect');
      await signUp(address, requested);
      const location = await follow((await waitForMail(stack.inbox.url, address)).link);
      expect(`${location.origin}${location.pathname}`).toBe(expected);
    }
  });
});
