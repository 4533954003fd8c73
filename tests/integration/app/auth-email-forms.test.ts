// The app's own forms with Supabase mailing links (confirmations on): the sign-up form's answer,
// and "forgot password" from the form to the inbox, through /auth/confirm, to /reset-password.
// Forms are submitted as a browser without JavaScript submits them (the real server actions).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { submitAuthForm } from '../../fixtures/auth-forms.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { waitForMail } from '../../fixtures/mail.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const PASSWORD = 'correct-horse-battery';
const newEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@billing-starter.dev`;

/** Follows GoTrue's /verify link: where it sends the browser back to (the app). */
async function verify(link: string): Promise<string> {
  const response = await fetch(link, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return response.headers.get('location')!;
}

beforeAll(() => control.setAuthModes({ confirmations: true }));
afterAll(() => control.setAuthModes({ confirmations: false }));

describe('the sign-up form with confirmations on', () => {
  it('says to check the inbox and stays on the page; an email that has an account is told so, not sent a link', async () => {
    const email = newEmail('form-signup');
    const first = await submitAuthForm(stack.appUrl, '/signup', { email, password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.location).toBeNull();
    expect(first.text).toContain('Check your email: we sent you a link to confirm your address.');
    const { link } = await waitForMail(stack.mailUrl, email);
    await verify(link); // confirmed now

    const again = await submitAuthForm(stack.appUrl, '/signup', { email, password: PASSWORD });
    expect(again.text).toContain('An account with this email already exists. Sign in instead.');
    expect(again.text).not.toContain('Check your email');
  });
});

describe('a password reset from the form', () => {
  async function requestReset() {
    const email = newEmail('form-reset');
    await control.setAuthModes({ confirmations: false });
    await submitAuthForm(stack.appUrl, '/signup', { email, password: PASSWORD });
    await control.setAuthModes({ confirmations: true });
    const asked = await submitAuthForm(stack.appUrl, '/forgot-password', { email });
    expect(asked.text).toContain('If an account exists for that email, we sent it a link to choose a new password.');
    const mail = await waitForMail(stack.mailUrl, email);
    expect(mail.subject).toBe('Reset your password');
    return { email, cookie: asked.cookies.join('; '), back: await verify(mail.link) };
  }

  it('signs in through the emailed link, in the browser that asked, and lands on /reset-password', async () => {
    const { cookie, back } = await requestReset();
    expect(new URL(back).searchParams.get('type')).toBe('recovery');
    const answer = await fetch(back, { redirect: 'manual', headers: { cookie } });
    expect([answer.status, answer.headers.get('location')]).toEqual([307, '/reset-password']);
    const session = answer.headers.getSetCookie().find((c) => /^sb-127-auth-token=base64-/.test(c))!.split(';')[0]!;
    const page = await navigate(`${stack.appUrl}/reset-password`, session);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Choose a new password');
  });

  it('opened in another browser, sends to ask for a new link, saying why', async () => {
    const { back } = await requestReset();
    const answer = await fetch(back, { redirect: 'manual' });
    expect(answer.headers.get('location')).toBe('/forgot-password?error=recovery_link_failed');
    const page = await navigate(`${stack.appUrl}/forgot-password?error=recovery_link_failed`);
    expect(page.body).toContain('That reset link cannot be used here');
  });
});
