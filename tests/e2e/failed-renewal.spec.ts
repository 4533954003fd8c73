// A renewal whose card is declined: a banner on every signed-in page says until when access
// holds, its button opens Polar's portal, and a new card there brings the subscription back.
import { afterWebhooks, signUpAndSubscribe } from './flows.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { HomePage } from './pages/home.page.ts';
import { ProNotesPage } from './pages/pro.page.ts';
import { SCREENSHOTS, expect, test } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;

test('a failed renewal: the banner, access held, recovery through the portal', async ({ page, control }) => {
  const email = await signUpAndSubscribe(page, 'Pro');
  const dashboard = new DashboardPage(page);
  await control.setPaymentFailing({ email }, true);
  await control.advancePolarClock(31 * DAY);
  // The layout and the page read the row side by side: a webhook can land between the two reads.
  await afterWebhooks(page, async () => {
    await expect(dashboard.status()).toHaveText('Past due', { timeout: 1_000 });
    await expect(dashboard.pastDueBanner()).toContainText(/You keep access until .+ while the payment is retried\./, { timeout: 1_000 });
  });
  await expect(dashboard.timing()).toHaveText(/^Payment failed on /);
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-past-due.png`, fullPage: true });
  // On every signed-in page, and access holds meanwhile.
  await new HomePage(page).open();
  await expect(dashboard.pastDueBanner()).toBeVisible();
  await new ProNotesPage(page).open();
  await expect(dashboard.pastDueBanner()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();

  await dashboard.pastDueBanner().getByRole('button', { name: 'Update payment method' }).click();
  await expect(page).toHaveURL(/\/portal\//);
  await expect(page.getByText('Your card was declined.')).toBeVisible();
  await page.getByRole('button', { name: 'Update payment method' }).click();
  await expect(page.getByText('Card on file.')).toBeVisible();
  await page.getByRole('link', { name: /Return to app/ }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await afterWebhooks(page, async () => {
    await expect(dashboard.status()).toHaveText('Active', { timeout: 1_000 });
    await expect(dashboard.pastDueBanner()).toHaveCount(0, { timeout: 1_000 });
  });
  await expect(dashboard.timing()).toHaveText(/^Renews on /);
});
