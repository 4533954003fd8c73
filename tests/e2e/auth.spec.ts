import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { SCREENSHOTS, expect, test, uniqueEmail } from './fixtures.ts';

test('a wrong password shows an error in the form', async ({ page }) => {
  const auth = new AuthPage(page);
  await auth.signIn('demo@billing-starter.dev', 'not-the-password');
  await expect(auth.error()).toHaveText('Wrong email or password.');
  await expect(auth.email()).toHaveValue('demo@billing-starter.dev');
  await page.screenshot({ path: `${SCREENSHOTS}/login-error.png` });
});

test('signing in lands where the visitor was going', async ({ page }) => {
  const auth = new AuthPage(page);
  await new DashboardPage(page).open();
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await auth.email().fill('demo@billing-starter.dev');
  await auth.password().fill('demo-password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('a taken email and a weak password are explained at sign-up', async ({ page }) => {
  const auth = new AuthPage(page);
  await auth.signUp('demo@billing-starter.dev', 'long-enough-password');
  await expect(auth.error()).toHaveText('An account with this email already exists. Sign in instead.');
  await auth.signUp(uniqueEmail('weak'), 'short');
  await expect(auth.error()).toHaveText('Choose a stronger password: at least 8 characters.');
});

test('a next parameter pointing off-site is ignored', async ({ page }) => {
  const auth = new AuthPage(page);
  await auth.signIn('demo@billing-starter.dev', 'demo-password-123', '/login?next=https://evil.example/');
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('an error code in the URL shows only our own wording', async ({ page }) => {
  const auth = new AuthPage(page);
  await page.goto('/login?error=<script>alert(1)</script>');
  await expect(auth.email()).toBeVisible();
  await expect(auth.error()).toHaveCount(0);
  await page.goto('/login?error=confirmation_failed');
  await expect(auth.error()).toContainText('confirmation link is invalid');
});
