// /auth/confirm in the production build, with email confirmations on: the browser's side is
// played by @supabase/ssr's cookie jar (its PKCE code verifier), the mail is read through
// mailpit-api, and every link is followed over real HTTP — GoTrue's /verify, then the app.
import { createServerClient } from '@supabase/ssr';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqlFor } from '../../fixtures/app-users.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { waitForMail } from '../../fixtures/mail.ts';
import { stackControl } from '../../fixtures/stack-control.ts';
import { createCookieJar } from '../../fixtures/supabase-stack.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
const PASSWORD = 'correct-horse-battery';

/** Signs up as the app's sign-up form does (PKCE through @supabase/ssr), keeping the browser's cookies. */
async function signUp(next = '/dashboard') {
  const email = `confirm-${randomUUID().slice(0, 8)}@billing-starter.dev`;
  const { jar, methods } = createCookieJar();
  const supabase = createServerClient(stack.supabaseUrl, stack.publishableKey, { cookies: methods });
  const emailRedirectTo = `${stack.appUrl}/auth/confirm?next=${encodeURIComponent(next)}`;
  const { data, error } = await supabase.auth.signUp({ email, password: PASSWORD, options: { emailRedirectTo } });
  expect(error).toBeNull();
  expect(data.session).toBeNull();
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  return { email, cookie, link: (await waitForMail(stack.mailUrl, email)).link };
}

/** GoTrue's /verify: where it sends the browser (a 303 to the app). */
async function verify(link: string): Promise<string> {
  const response = await fetch(link, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return response.headers.get('location')!;
}

const sessionCookieIn = (setCookie: string[]) => setCookie.find((c) => /^sb-127-auth-token=base64-/.test(c));

async function confirm(url: string, cookie?: string) {
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: response.status, location: response.headers.get('location') ?? '', setCookie: response.headers.getSetCookie() };
}

beforeAll(() => control.setAuthModes({ confirmations: true }));
afterAll(async () => {
  await control.setAuthModes({ confirmations: false, emailLinks: 'verify' });
  await sql.end();
});

describe('/auth/confirm after GoTrue’s /verify (the default template, ?code=)', () => {
  it('exchanges the code with the browser’s verifier, sets the session and continues to next', async () => {
    const user = await signUp('/dashboard?tab=billing');
    const back = await verify(user.link);
    expect(back).toMatch(new RegExp(`^${stack.appUrl}/auth/confirm\\?code=[0-9a-f-]{36}&next=`));
    const answer = await confirm(back, user.cookie);
    expect(answer.status).toBe(307);
    expect(answer.location).toBe('/dashboard?tab=billing');
    const session = sessionCookieIn(answer.setCookie);
    expect(session).toBeDefined();
    const page = await navigate(`${stack.appUrl}/dashboard`, session!.split(';')[0]);
    expect(page.body.replaceAll('<!-- -->', '')).toContain(`Signed in as ${user.email}`);
  });

  it('opened in another browser (no verifier): says the email is confirmed, sends to sign-in, and leaves the code usable', async () => {
    const user = await signUp();
    const back = await verify(user.link);
    const elsewhere = await confirm(back);
    expect([elsewhere.status, elsewhere.location]).toEqual([307, '/login?notice=email_confirmed']);
    expect(sessionCookieIn(elsewhere.setCookie)).toBeUndefined();
    const login = await navigate(`${stack.appUrl}${elsewhere.location}`);
    expect(login.body).toContain('Your email is confirmed. Sign in to continue.');
    // Asking Supabase whether it knew the code spent nothing: the right browser still gets in.
    const here = await confirm(back, user.cookie);
    expect(here.location).toBe('/dashboard');
    expect(sessionCookieIn(here.setCookie)).toBeDefined();
  });

  it('claims nothing for a code Supabase never issued', async () => {
    const made_up = await confirm(`${stack.appUrl}/auth/confirm?code=${randomUUID()}`);
    expect(made_up.location).toBe('/login?error=flow_state_not_found');
    const login = await navigate(`${stack.appUrl}${made_up.location}`);
    expect(login.body).toContain('That link is invalid or was already used.');
    expect(login.body).not.toContain('Your email is confirmed');
  });

  it('past the 5 minutes the code lives: the email is confirmed (GoTrue confirmed it at /verify), sign in', async () => {
    const user = await signUp('/api/checkout?products=x');
    const back = await verify(user.link);
    await sql`update auth.flow_state set created_at = now() - interval '6 minutes' where auth_code = ${new URL(back).searchParams.get('code')}`;
    const answer = await confirm(back, user.cookie);
    expect(answer.location).toBe(`/login?notice=email_confirmed&next=${encodeURIComponent('/api/checkout?products=x')}`);
    const [row] = await sql`select email_confirmed_at from auth.users where email = ${user.email}`;
    expect(row!.email_confirmed_at).not.toBeNull();
  });

  it('turns GoTrue’s error redirect (a link followed twice) into our wording for otp_expired', async () => {
    const user = await signUp();
    await verify(user.link);
    const second = await verify(user.link);
    expect(new URL(second).searchParams.get('error_code')).toBe('otp_expired');
    const answer = await confirm(second, user.cookie);
    expect(answer.location).toBe('/login?error=otp_expired');
    const login = await navigate(`${stack.appUrl}${answer.location}`);
    expect(login.body).toContain('That link has expired or was already used.');
  });

  it('answers an unknown error code, or no parameters at all, with the generic message; next stays on the site', async () => {
    expect((await confirm(`${stack.appUrl}/auth/confirm?error=x&error_code=%3Cscript%3E`)).location).toBe('/login?error=confirmation_failed');
    expect((await confirm(`${stack.appUrl}/auth/confirm`)).location).toBe('/login?error=confirmation_failed');
    const user = await signUp('https://evil.example/');
    const answer = await confirm(await verify(user.link), user.cookie);
    expect(answer.location).toBe('/dashboard');
  });
});

describe('/auth/confirm from the token_hash template', () => {
  it('verifies the token hash (no verifier needed), sets the session, and refuses it the second time', async () => {
    await control.setAuthModes({ emailLinks: 'token_hash' });
    try {
      const user = await signUp();
      const link = new URL(user.link);
      expect(`${link.origin}${link.pathname}`).toBe(`${stack.appUrl}/auth/confirm`);
      const answer = await confirm(user.link);
      expect([answer.status, answer.location]).toEqual([307, '/dashboard']);
      expect(sessionCookieIn(answer.setCookie)).toBeDefined();
      expect((await confirm(user.link)).location).toBe('/login?error=otp_expired');
    } finally {
      await control.setAuthModes({ emailLinks: 'verify' });
    }
  });
});
