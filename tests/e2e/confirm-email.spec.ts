// Signing up on a project with email confirmation on (hosted Supabase's default), in Chromium:
// the form says to check the inbox, the mail is read through the inbox's Mailpit API, and
// following its link lands the new user signed in on the dashboard — with GoTrue's default
// template (through /verify and back with ?code=) and with the token_hash template.
import { waitForMail } from '../fixtures/mail.ts';
import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { SCREENSHOTS, expect, test, uniqueEmail } from './fixtures.ts';

for (const emailLinks of ['verify', 'token_hash'] as const) {
  test(`sign up, confirm from the email (${emailLinks} link), land signed in on the dashboard`, async ({ page, stack, control }) => {
    await control.setAuthModes({ confirmations: true, emailLinks });
    const auth = new AuthPage(page);
    const email = uniqueEmail(`confirm-${emailLinks}`);
    await auth.signUp(email, 'correct-horse-battery');
    await expect(auth.notice()).toHaveText('Check your email: we sent you a link to confirm your address. Follow it to finish signing up.');
    await expect(page).toHaveURL(/\/signup$/);
    if (emailLinks === 'verify') await page.screenshot({ path: `${SCREENSHOTS}/signup-check-email.png` });

    const mail = await waitForMail(stack.mailUrl, email);
    expect(mail.subject).toBe('Confirm your email address');
    await page.goto(mail.link);
    const dashboard = new DashboardPage(page);
    await expect(dashboard.heading()).toBeVisible();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  });
}

test('the link opened in another browser confirms the email; signing in there continues', async ({ page, browser, stack, control }) => {
  await control.setAuthModes({ confirmations: true });
  const email = uniqueEmail('other-browser');
  await new AuthPage(page).signUp(email, 'correct-horse-battery');
  await expect(new AuthPage(page).notice()).toBeVisible();
  const mail = await waitForMail(stack.mailUrl, email);

  const elsewhere = await browser.newContext({ baseURL: stack.appUrl });
  try {
    const other = await elsewhere.newPage();
    await other.goto(mail.link);
    const auth = new AuthPage(other);
    await expect(auth.notice()).toHaveText('Your email is confirmed. Sign in to continue.');
    await other.screenshot({ path: `${SCREENSHOTS}/login-email-confirmed.png` });
    await auth.email().fill(email);
    await auth.password().fill('correct-horse-battery');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(new DashboardPage(other).heading()).toBeVisible();
  } finally {
    await elsewhere.close();
  }
});
