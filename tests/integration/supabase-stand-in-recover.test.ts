// Password recovery and re-sent confirmations on the Supabase stand-in, through supabase-js and
// @supabase/ssr, with the mail read through mailpit-api.
import { createServerClient } from '@supabase/ssr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailCount, waitForMail } from '../fixtures/mail.ts';
import { createCookieJar, startSupabaseStack, type SupabaseStack } from '../fixtures/supabase-stack.ts';

const SITE = 'http://localhost:3998';
const PASSWORD = 'correct-horse-1';
let stack: SupabaseStack;
let n = 0;
const email = (label: string) => `${label}-${++n}-${Date.now().toString(36)}@example.com`;

function ssrClient() {
  const cookies = createCookieJar();
  return createServerClient(stack.standIn.url, stack.keys.publishableKey, { cookies: cookies.methods });
}

async function follow(link: string): Promise<URL> {
  const response = await fetch(link, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!);
}

beforeAll(async () => {
  stack = await startSupabaseStack({ siteUrl: SITE, confirmations: true });
}, 60_000);
afterAll(async () => stack?.stop());

describe('POST /recover', () => {
  it('answers 200 {} for an unknown address and sends nothing', async () => {
    const address = email('nobody');
    const { data, error } = await ssrClient().auth.resetPasswordForEmail(address, { redirectTo: `${SITE}/auth/confirm?next=/reset` });
    expect(error).toBeNull();
    expect(data).toEqual({});
    expect(await mailCount(stack.inbox.url, address)).toBe(0);
  });

  it('mails a type=recovery link; the code exchanges for a recovery session (PASSWORD_RECOVERY) that can set a new password', async () => {
    const address = email('forgot');
    stack.standIn.setAuthModes({ confirmations: false });
    await ssrClient().auth.signUp({ email: address, password: PASSWORD });
    stack.standIn.setAuthModes({ confirmations: true });

    const browser = ssrClient();
    const events: string[] = [];
    browser.auth.onAuthStateChange((event) => void events.push(event));
    expect((await browser.auth.resetPasswordForEmail(address, { redirectTo: `${SITE}/auth/confirm?next=/reset` })).error).toBeNull();
    const mail = await waitForMail(stack.inbox.url, address);
    expect(mail.subject).toBe('Reset your password');
    expect(mail.html).toContain('<h2>Reset your password</h2>');
    expect(mail.link).toMatch(/\/auth\/v1\/verify\?token=pkce_[0-9a-f]{56}&type=recovery&redirect_to=/);
    const [flow] = await stack.db`select provider_type, authentication_method from auth.flow_state where user_id = (select id from auth.users where email = ${address})`;
    expect(flow).toEqual({ provider_type: 'recovery', authentication_method: 'recovery' });

    const location = await follow(mail.link);
    expect(location.pathname).toBe('/auth/confirm');
    expect(location.searchParams.get('next')).toBe('/reset');
    const { data, error } = await browser.auth.exchangeCodeForSession(location.searchParams.get('code')!);
    expect(error).toBeNull();
    expect((data as { redirectType?: string }).redirectType).toBe('recovery');
    expect(events).toContain('PASSWORD_RECOVERY');
    expect((await browser.auth.getClaims()).data!.claims.amr).toEqual([{ method: 'recovery', timestamp: expect.any(Number) }]);

    expect((await browser.auth.updateUser({ password: 'a-brand-new-secret' })).error).toBeNull();
    const signedIn = await ssrClient().auth.signInWithPassword({ email: address, password: 'a-brand-new-secret' });
    expect(signedIn.error).toBeNull();
    // The link was spent with the recovery.
    expect((await follow(mail.link)).searchParams.get('error_code')).toBe('otp_expired');
  });

  it('refuses a second request within max_frequency with 429 over_email_send_rate_limit', async () => {
    const address = email('hasty');
    stack.standIn.setAuthModes({ confirmations: false });
    await ssrClient().auth.signUp({ email: address, password: PASSWORD });
    stack.standIn.setAuthModes({ confirmations: true });
    expect((await ssrClient().auth.resetPasswordForEmail(address)).error).toBeNull();
    const again = await ssrClient().auth.resetPasswordForEmail(address);
    expect(again.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
    expect(again.error?.message).toMatch(/^For security purposes, you can only request this after [01] seconds\.$/);
  });

  it('confirms an unconfirmed address when its recovery link is followed', async () => {
    const address = email('unconfirmed');
    await ssrClient().auth.signUp({ email: address, password: PASSWORD });
    // No wait: recovery_sent_at, not the confirmation's clock, decides max_frequency here.
    const browser = ssrClient();
    await browser.auth.resetPasswordForEmail(address, { redirectTo: `${SITE}/auth/confirm` });
    const mail = await waitForMail(stack.inbox.url, address, 'subject:reset');
    const location = await follow(mail.link);
    expect((await browser.auth.exchangeCodeForSession(location.searchParams.get('code')!)).data.user?.email_confirmed_at).toBeTruthy();
  });
});

describe('POST /resend', () => {
  it('answers 200 {} without mail for an unknown or an already confirmed address', async () => {
    const unknown = email('ghost');
    expect(await ssrClient().auth.resend({ type: 'signup', email: unknown })).toEqual({ data: { user: null, session: null }, error: null });
    stack.standIn.setAuthModes({ confirmations: false });
    const confirmed = email('done');
    await ssrClient().auth.signUp({ email: confirmed, password: PASSWORD });
    stack.standIn.setAuthModes({ confirmations: true });
    expect((await ssrClient().auth.resend({ type: 'signup', email: confirmed })).error).toBeNull();
    expect(await mailCount(stack.inbox.url, unknown)).toBe(0);
    expect(await mailCount(stack.inbox.url, confirmed)).toBe(0);
  });

  it('re-sends an unconfirmed address’s link with a fresh flow (provider_type email/signup); the old link dies', async () => {
    const address = email('resend');
    await ssrClient().auth.signUp({ email: address, password: PASSWORD, options: { emailRedirectTo: `${SITE}/auth/confirm` } });
    const first = await waitForMail(stack.inbox.url, address);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const browser = ssrClient();
    expect((await browser.auth.resend({ type: 'signup', email: address, options: { emailRedirectTo: `${SITE}/auth/confirm` } })).error).toBeNull();
    await expect.poll(() => mailCount(stack.inbox.url, address)).toBe(2);
    const second = await waitForMail(stack.inbox.url, address);
    expect(second.link).not.toBe(first.link);
    const flows = await stack.db`
      select provider_type from auth.flow_state where user_id = (select id from auth.users where email = ${address}) order by created_at`;
    expect(flows.map((f) => f.provider_type)).toEqual(['email', 'email/signup']);

    expect((await follow(first.link)).searchParams.get('error_code')).toBe('otp_expired');
    const location = await follow(second.link);
    // The newest flow's code, which the resending client holds the verifier of.
    expect((await browser.auth.exchangeCodeForSession(location.searchParams.get('code')!)).error).toBeNull();
  });

  it('refuses other types with GoTrue’s words', async () => {
    const { error } = await ssrClient().auth.resend({ type: 'magiclink' as 'signup', email: email('x') });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', message: 'Missing one of these types: signup, email_change, sms, phone_change' });
  });
});
