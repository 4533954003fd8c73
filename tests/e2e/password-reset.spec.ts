// "Forgot password?": the request is answered alike for any address, and a signed-in person
// (as the recovery link leaves them) chooses a new password that then signs them in.
import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { HomePage } from './pages/home.page.ts';
import { SCREENSHOTS, expect, test, uniqueEmail } from './fixtures.ts';

const LINK_SENT = 'If an account exists for that email, we sent it a link to choose a new password.';

test('asking for a reset link says the same for a known and an unknown address', async ({ page }) => {
  const auth = new AuthPage(page);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  for (const email of ['demo@billing-starter.dev', uniqueEmail('nobody')]) {
    if (email !== 'demo@billing-starter.dev') await page.goto('/forgot-password');
    await expect(page.getByRole('status')).toHaveCount(0);
    await auth.email().fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByRole('status')).toHaveText(LINK_SENT);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/forgot-password.png` });
});

test('choosing a new password, then signing in with it', async ({ page }) => {
  const auth = new AuthPage(page);
  const email = uniqueEmail('reset');
  await auth.signUp(email, 'first-password-123');
  await expect(new DashboardPage(page).heading()).toBeVisible();

  await page.goto('/reset-password');
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(auth.error()).toHaveText('Choose a stronger password: at least 8 characters.');
  await page.getByLabel('New password').fill('second-password-456');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await new HomePage(page).signOut();
  await auth.signIn(email, 'first-password-123');
  await expect(auth.error()).toHaveText('Wrong email or password.');
  await auth.signIn(email, 'second-password-456');
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('the reset page sends a signed-out visitor to ask for a link', async ({ page }) => {
  await page.goto('/reset-password');
  await expect(page).toHaveURL(/\/forgot-password$/);
});
