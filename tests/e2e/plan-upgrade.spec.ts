// Upgrading from the pricing page: Starter to Pro, confirmed with what is charged today; Polar
// charges the prorated difference, and the Pro example opens at once.
import { afterWebhooks, signUpAndSubscribe } from './flows.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { HomePage } from './pages/home.page.ts';
import { ProNotesPage } from './pages/pro.page.ts';
import { SCREENSHOTS, expect, test } from './fixtures.ts';

test('upgrade Starter → Pro: prorated, charged now, Pro notes at once', async ({ page, control }) => {
  const email = await signUpAndSubscribe(page, 'Starter');
  const home = new HomePage(page);
  await home.open();
  await expect(home.plan('Starter')).toHaveAttribute('aria-current', 'true');
  await expect(home.plan('Starter')).toContainText('This is your plan.');
  await expect(home.pricing().getByRole('link', { name: /Subscribe to/ })).toHaveCount(0);

  const dialog = await home.switchTo('Pro');
  await expect(dialog).toContainText(/You are charged about \$(19\.\d\d|20) today for the rest of this period \(until .+\), then \$29 \/ month\./);
  await page.screenshot({ path: `${SCREENSHOTS}/plan-upgrade-confirm.png` });
  // Going back changes nothing.
  await dialog.getByRole('button', { name: 'Go back' }).click();
  await expect(dialog).toBeHidden();
  await (await home.switchTo('Pro')).getByRole('button', { name: 'Switch to Pro' }).click();

  const dashboard = new DashboardPage(page);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboard.planName()).toHaveText('Pro');
  await expect(dashboard.status()).toHaveText('Active');
  const pro = new ProNotesPage(page);
  await pro.open();
  await afterWebhooks(page, () => expect(page.getByRole('button', { name: 'Add note' })).toBeVisible({ timeout: 1_000 }));

  // Polar charged the difference for the rest of the period, now.
  const upgrade = (await control.deliveries()).find((d) => d.type === 'order.paid' && d.body.includes(email) && d.body.includes('"subscription_update"'));
  expect((JSON.parse(upgrade!.body) as { data: { total_amount: number } }).data.total_amount).toBeGreaterThan(1900);
});
