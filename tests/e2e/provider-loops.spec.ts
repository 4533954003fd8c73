// The customer's loop with Stripe and with Lemon Squeezy billing: the same build served with
// PAYMENT_PROVIDER set (the app server restarts on the same port), each provider's stand-in
// hosted pages and signed webhooks, one browser session per provider. Polar's loop is
// billing-loop.spec.ts.
import type { ProvidedStack } from '../fixtures/app-stack.ts';
import { stackControl } from '../fixtures/stack-control.ts';
import { afterWebhooks } from './flows.ts';
import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { HomePage } from './pages/home.page.ts';
import { HostedCheckoutPage } from './pages/polar.page.ts';
import { ProviderPortalPage } from './pages/provider.page.ts';
import { SCREENSHOTS, expect, test, uniqueEmail } from './fixtures.ts';

const stack = JSON.parse(process.env.E2E_STACK ?? 'null') as ProvidedStack;
const control = stackControl(stack.controlUrl);

const providers = [
  { provider: 'stripe', name: 'Stripe', apiUrl: stack.appEnv.STRIPE_API_URL!, portalReturns: true },
  { provider: 'lemonsqueezy', name: 'Lemon Squeezy', apiUrl: stack.appEnv.LEMONSQUEEZY_API_URL!, portalReturns: false },
] as const;

for (const { provider, name, apiUrl, portalReturns } of providers) {
  test.describe(`billing with ${name}`, () => {
    test.beforeAll(async () => {
      await control.setPaymentProvider(provider);
    });
    test.afterAll(async () => {
      await control.setPaymentProvider('polar');
    });

    test(`sign up, subscribe, dashboard, manage billing, cancel (${name})`, async ({ page }) => {
      const auth = new AuthPage(page);
      const home = new HomePage(page);
      const dashboard = new DashboardPage(page);

      await auth.signUp(uniqueEmail(provider), 'correct-horse-battery');
      await expect(dashboard.heading()).toBeVisible();
      await expect(page.getByText("You don't have a subscription yet.")).toBeVisible();

      await home.open();
      await expect(home.pricing().getByRole('heading', { name: 'Pro' })).toBeVisible();
      await expect(home.plan('Pro')).toContainText('$29');
      await home.subscribeTo('Pro');
      await expect(page).toHaveURL(new RegExp(`^${apiUrl}/`));
      await page.screenshot({ path: `${SCREENSHOTS}/${provider}-checkout.png`, fullPage: true });
      await new HostedCheckoutPage(page).pay();

      await expect(page).toHaveURL(/\/dashboard\?checkout_id=/);
      // The provider's webhooks bring the subscription in a moment after the redirect.
      await afterWebhooks(page, async () => {
        await expect(dashboard.planName()).toHaveText('Pro', { timeout: 1_000 });
      });
      await expect(dashboard.status()).toHaveText('Active');
      await expect(dashboard.timing()).toContainText('Renews on');
      await expect(page.getByText('Pro notes, priority support and advanced analytics')).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/${provider}-dashboard-active.png`, fullPage: true });

      await dashboard.manageBilling().click();
      await expect(page).toHaveURL(new RegExp(`^${apiUrl}/`));
      const portal = new ProviderPortalPage(page);
      await expect(portal.subscription('Pro')).toContainText('Renews on');
      await portal.cancel('Pro');
      await expect(portal.subscription('Pro')).toContainText(/Cancels on|Ends on/);
      await page.screenshot({ path: `${SCREENSHOTS}/${provider}-portal-cancelled.png`, fullPage: true });
      if (portalReturns) await portal.returnToApp();
      else await dashboard.open();

      await expect(page).toHaveURL(/\/dashboard$/);
      await afterWebhooks(page, async () => {
        await expect(dashboard.timing()).toContainText('Cancels on', { timeout: 1_000 });
      });
      // Paid until the period ends: still Pro, still its features.
      await expect(dashboard.status()).toHaveText('Active');
      await expect(page.getByText('Pro notes, priority support and advanced analytics')).toBeVisible();

      // Resumed from the dashboard, through the adapter; it stays so once the provider's events land.
      const resume = await dashboard.action('Resume subscription', 'Resume your subscription?');
      await resume.getByRole('button', { name: 'Resume subscription' }).click();
      await expect(dashboard.timing()).toContainText('Renews on');
      await page.reload();
      await expect(dashboard.timing()).toContainText('Renews on');

      // Switching plans is the portal's business with this provider: the pricing page says so.
      await home.open();
      await expect(home.plan('Starter')).toContainText('Switch plans in the billing portal');
    });
  });
}
