import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { SCREENSHOTS, expect, test, uniqueEmail } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  await new AuthPage(page).signUp(uniqueEmail('errors'), 'correct-horse-battery');
  await expect(new DashboardPage(page).heading()).toBeVisible();
});

test('Manage billing without a subscription points to the plans', async ({ page }) => {
  const dashboard = new DashboardPage(page);
  await dashboard.manageBilling().click();
  await expect(page.getByText('You have no subscription yet.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'See the plans' })).toHaveAttribute('href', '/#pricing');
  await expect(dashboard.manageBilling()).toBeEnabled();
});

test('Manage billing shows a visible error when Polar fails, and can be retried', async ({ page, control }) => {
  // The user needs a Polar customer for the portal call to reach Polar at all.
  await page.goto('/');
  await page.getByRole('link', { name: 'Subscribe to Starter' }).click();
  await page.getByRole('button', { name: 'Pay' }).click();
  const dashboard = new DashboardPage(page);
  await expect(dashboard.status()).toHaveText('Active');

  await control.polarFaults({ status: 500 });
  await dashboard.manageBilling().click();
  await expect(dashboard.billingMessage()).toHaveText('We could not open the billing portal. Please try again.');
  await expect(dashboard.manageBilling()).toBeEnabled();
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-billing-error.png` });

  await control.polarFaults({});
  await dashboard.manageBilling().click();
  await expect(page).toHaveURL(/\/portal\//);
});
