// Access decided by the plan's benefits, in Chromium: a Starter subscriber is shown what the
// Pro notes need; a Pro subscriber writes one; deleting the account ends the subscription.
import { signUpAndSubscribe } from './flows.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { ProNotesPage } from './pages/pro.page.ts';
import { SCREENSHOTS, expect, test } from './fixtures.ts';

test('a Starter subscriber sees what the Pro notes need, and where to upgrade', async ({ page }) => {
  await signUpAndSubscribe(page, 'Starter');
  const pro = new ProNotesPage(page);
  // The grant webhooks follow the payment: the dashboard lists the plan once they have landed.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('plan-includes')).toContainText('Unlimited projects and the API', { timeout: 1_000 });
  }).toPass();
  await pro.open();
  await expect(pro.heading()).toBeVisible();
  await expect(pro.upgradeLink()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add note' })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/pro-notes-starter.png`, fullPage: true });
  await pro.upgradeLink().click();
  await expect(page).toHaveURL(/\/#pricing$/);
});

test('a Pro subscriber writes a Pro note, then deletes the account, which ends the subscription', async ({ page }) => {
  const email = await signUpAndSubscribe(page, 'Pro');
  const pro = new ProNotesPage(page);
  await expect(async () => {
    await pro.open();
    await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await pro.addNote('Ship the billing starter');
  await expect(pro.notes().first()).toContainText('Ship the billing starter');
  await page.screenshot({ path: `${SCREENSHOTS}/pro-notes-pro.png`, fullPage: true });

  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await page.getByRole('button', { name: 'Delete account' }).click();
  await page.getByLabel('Your email address').fill(email);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('status')).toContainText('Your account was deleted');
  await dashboard.open();
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});
