// A product with a trial: the subscription starts trialing with access, the dashboard says when
// the trial ends and what follows, and Polar's clock reaching its end converts it.
import { randomUUID } from 'node:crypto';
import { monthlyProduct, SEED_PRODUCT_IDS, type ProductJson } from '../../local/polar/index.ts';
import { afterWebhooks, signUpAndSubscribe } from './flows.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { ProNotesPage } from './pages/pro.page.ts';
import { SCREENSHOTS, expect, test } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;

test('a trial that converts', async ({ page, control, stack }) => {
  const pro = (await (await fetch(`${stack.polarUrl}/v1/products/${SEED_PRODUCT_IDS.pro}`, { headers: { authorization: `Bearer ${stack.polarAccessToken}` } })).json()) as ProductJson;
  const trial: ProductJson = { ...monthlyProduct(randomUUID(), randomUUID(), 'Team', 'Everything in Pro, two weeks free', 4900, pro.benefits), trial_interval: 'day', trial_interval_count: 14 };
  await control.addPolarProduct(trial);
  try {
    // The app reuses the product list for a second.
    await expect(async () => {
      await page.goto('/');
      await expect(page.getByText('Starts with a 14-day free trial')).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await signUpAndSubscribe(page, 'Team', 'Trialing');
    const dashboard = new DashboardPage(page);
    await expect(dashboard.timing()).toHaveText(/^Trial ends on /);
    await expect(dashboard.trialTerms()).toHaveText('Then $49 / month. Nothing is charged before the trial ends, and access is yours meanwhile.');
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-trial.png`, fullPage: true });
    const notes = new ProNotesPage(page);
    await afterWebhooks(page, async () => {
      await notes.open();
      await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible({ timeout: 1_000 });
    });

    await control.advancePolarClock(15 * DAY);
    await dashboard.open();
    await afterWebhooks(page, () => expect(dashboard.status()).toHaveText('Active', { timeout: 1_000 }));
    await expect(dashboard.timing()).toHaveText(/^Renews on /);
    await expect(dashboard.trialTerms()).toHaveCount(0);
    await notes.open();
    await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
  } finally {
    await control.addPolarProduct({ ...trial, is_archived: true });
  }
});
