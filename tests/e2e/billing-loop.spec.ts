// The whole loop a customer goes through, in real Chromium against the production build.
import { DashboardPage } from './pages/dashboard.page.ts';
import { AuthPage } from './pages/auth.page.ts';
import { HomePage } from './pages/home.page.ts';
import { PolarCheckoutPage, PolarPortalPage } from './pages/polar.page.ts';
import { SCREENSHOTS, expect, test, uniqueEmail } from './fixtures.ts';

test('sign up, subscribe, manage billing, cancel, sign out', async ({ page, stack, control }) => {
  const auth = new AuthPage(page);
  const home = new HomePage(page);
  const dashboard = new DashboardPage(page);

  await auth.signUp(uniqueEmail('loop'), 'correct-horse-battery');
  await expect(dashboard.heading()).toBeVisible();
  await expect(page.getByText("You don't have a subscription yet.")).toBeVisible();

  await home.open();
  await expect(home.pricing().getByRole('heading', { name: 'Pro' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/home-pricing.png`, fullPage: true });

  // Polar's webhooks are held back: the dashboard must learn of the payment by itself.
  await control.setWebhookUrl('http://127.0.0.1:9/held-back');
  await home.subscribeTo('Pro');
  await expect(page).toHaveURL(new RegExp(`^${stack.polarUrl}/checkout/`));
  await page.screenshot({ path: `${SCREENSHOTS}/polar-checkout.png`, fullPage: true });
  await new PolarCheckoutPage(page).pay();

  await expect(page).toHaveURL(/\/dashboard\?checkout_id=/);
  await expect(dashboard.planName()).toHaveText('Pro');
  await expect(dashboard.status()).toHaveText('Active');
  await expect(dashboard.timing()).toContainText('Renews on');
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-active.png`, fullPage: true });
  await control.setWebhookUrl(stack.webhookUrl);

  await dashboard.manageBilling().click();
  await expect(page).toHaveURL(new RegExp(`^${stack.polarUrl}/portal/`));
  await page.screenshot({ path: `${SCREENSHOTS}/polar-portal.png`, fullPage: true });
  const portal = new PolarPortalPage(page);
  await portal.cancelSubscription();
  await expect(page.getByText(/Cancels on/)).toBeVisible();
  await portal.returnToApp();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(async () => {
    await page.reload();
    await expect(dashboard.timing()).toContainText('Cancels on', { timeout: 1_000 });
  }).toPass();
  await expect(dashboard.status()).toHaveText('Active');
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-cancels.png`, fullPage: true });

  await home.signOut();
  await dashboard.open();
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});
