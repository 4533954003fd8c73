// Cancelling at period end and resuming, from the dashboard, each confirmed first.
import { signUpAndSubscribe } from './flows.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { SCREENSHOTS, expect, test } from './fixtures.ts';

test('cancel at period end, then resume, from the dashboard', async ({ page }) => {
  await signUpAndSubscribe(page, 'Starter');
  const dashboard = new DashboardPage(page);
  const renews = (await dashboard.timing().textContent())!.replace('Renews on ', '');

  const cancel = await dashboard.action('Cancel subscription', 'Cancel your subscription?');
  await expect(cancel).toContainText(`Your subscription ends on ${renews}: nothing more is charged, and you keep Starter until then.`);
  await page.screenshot({ path: `${SCREENSHOTS}/cancel-confirm.png` });
  await cancel.getByRole('button', { name: 'Cancel at period end' }).click();
  await expect(dashboard.timing()).toHaveText(`Cancels on ${renews}`);
  await expect(dashboard.status()).toHaveText('Active');
  await expect(dashboard.announcement()).toHaveText(`Your subscription ends on ${renews}. You keep access until then.`);

  const resume = await dashboard.action('Resume subscription', 'Resume your subscription?');
  await resume.getByRole('button', { name: 'Resume subscription' }).click();
  await expect(dashboard.timing()).toHaveText(`Renews on ${renews}`);
  await expect(dashboard.announcement()).toHaveText(`Your subscription renews on ${renews} again.`);
  // And it stays so once Polar's events have landed.
  await page.reload();
  await expect(dashboard.timing()).toHaveText(`Renews on ${renews}`);
  await expect(page.getByRole('button', { name: 'Cancel subscription' })).toBeVisible();
});
