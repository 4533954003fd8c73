// The operator view in a browser: the demo user (app_metadata.role = admin in supabase/seed.sql)
// sees the webhook endpoint, the deliveries and the reconciler's runs, and runs one from the
// page; anyone else gets a 404 that does not say the page exists.
import { AuthPage } from './pages/auth.page.ts';
import { expect, SCREENSHOTS, test, uniqueEmail } from './fixtures.ts';

test('the operator runs the reconciler from /admin/billing and sees the run', async ({ page }) => {
  const auth = new AuthPage(page);
  await auth.signIn('demo@billing-starter.dev', 'demo-password-123');
  await expect(page).toHaveURL(/\/dashboard$/);

  const response = await page.goto('/admin/billing');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Billing operations' })).toBeVisible();
  await expect(page.getByTestId('endpoint-state')).toContainText('enabled');
  await expect(page.getByLabel('Deliveries by outcome')).toBeVisible();

  await page.getByRole('button', { name: 'Reconcile now' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Repaired \d+, failed 0/ })).toBeVisible({ timeout: 30_000 });
  // The page reloaded from the server: the run just made is the newest row, by the operator.
  const newest = page.getByRole('table', { name: 'Reconcile runs' }).locator('tbody tr').first();
  await expect(newest).toContainText('incremental');
  await expect(newest).toContainText('operator');
  await page.screenshot({ path: `${SCREENSHOTS}/admin-billing.png`, fullPage: true });
});

test('a signed-in user who is not an operator gets 404', async ({ page }) => {
  const auth = new AuthPage(page);
  await auth.signUp(uniqueEmail('not-operator'), 'correct-horse-battery');
  await expect(page).toHaveURL(/\/dashboard$/);

  const response = await page.goto('/admin/billing');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Billing operations' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reconcile now' })).toHaveCount(0);
});

test('a signed-out visitor gets 404 too', async ({ page }) => {
  const response = await page.goto('/admin/billing');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Billing operations' })).toHaveCount(0);
});
