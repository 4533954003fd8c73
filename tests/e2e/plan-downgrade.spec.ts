// Downgrading: Pro to Starter, scheduled for the renewal and shown as pending; Keep Pro calls it
// off; scheduled again, it happens when Polar's clock reaches the period's end.
import { afterWebhooks, signUpAndSubscribe } from './flows.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { HomePage } from './pages/home.page.ts';
import { ProNotesPage } from './pages/pro.page.ts';
import { SCREENSHOTS, expect, test } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;

test('downgrade Pro → Starter: pending until the period ends, then switched', async ({ page, control }) => {
  await signUpAndSubscribe(page, 'Pro');
  const home = new HomePage(page);
  const dashboard = new DashboardPage(page);
  const renews = (await dashboard.timing().textContent())!.replace('Renews on ', '');

  await home.open();
  await expect(home.plan('Starter')).toContainText(`Downgrade · from ${renews}`);
  const dialog = await home.switchTo('Starter');
  await expect(dialog).toContainText(`Switch to Starter on ${renews}. You keep Pro until then; from then on, $9 / month.`);
  await dialog.getByRole('button', { name: 'Switch to Starter' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboard.planName()).toHaveText('Pro');
  await expect(dashboard.pending()).toHaveText(`Switches to Starter on ${renews}`);
  await page.screenshot({ path: `${SCREENSHOTS}/plan-downgrade-pending.png`, fullPage: true });

  // Keep Pro, from the dashboard.
  const keep = await dashboard.action('Keep Pro', 'Keep Pro?');
  await expect(keep).toContainText(`The switch to Starter on ${renews} is called off`);
  await keep.getByRole('button', { name: 'Keep Pro' }).click();
  await expect(dashboard.pending()).toHaveCount(0);
  await expect(dashboard.announcement()).toHaveText('You are on Pro, and staying.');

  // Scheduled again; the renewal makes the switch.
  await home.open();
  await (await home.switchTo('Starter')).getByRole('button', { name: 'Switch to Starter' }).click();
  await expect(dashboard.pending()).toBeVisible();
  await control.advancePolarClock(31 * DAY);
  await afterWebhooks(page, () => expect(dashboard.planName()).toHaveText('Starter', { timeout: 1_000 }));
  await expect(dashboard.pending()).toHaveCount(0);
  await expect(dashboard.status()).toHaveText('Active');
  const pro = new ProNotesPage(page);
  await afterWebhooks(page, async () => {
    await pro.open();
    await expect(pro.upgradeLink()).toBeVisible({ timeout: 1_000 });
  });
});
