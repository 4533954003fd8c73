// "Forgot password?" all the way, in Chromium: the reset mail is read through the inbox's
// Mailpit API, its link signs the person in at /reset-password, and the new password works.
import { waitForMail } from '../fixtures/mail.ts';
import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { HomePage } from './pages/home.page.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';

test('the emailed reset link leads to choosing a new password, which then signs in', async ({ page, stack }) => {
  const auth = new AuthPage(page);
  const email = uniqueEmail('reset-mail');
  await auth.signUp(email, 'first-password-123');
  await expect(new DashboardPage(page).heading()).toBeVisible();
  await new HomePage(page).signOut();

  await page.goto('/forgot-password');
  await auth.email().fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText('If an account exists for that email, we sent it a link to choose a new password.');

  const mail = await waitForMail(stack.mailUrl, email, 'subject:reset');
  await page.goto(mail.link);
  await expect(page).toHaveURL(/\/reset-password$/);
  await page.getByLabel('New password').fill('second-password-456');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await new HomePage(page).signOut();
  await auth.signIn(email, 'second-password-456');
  await expect(page).toHaveURL(/\/dashboard$/);
});
