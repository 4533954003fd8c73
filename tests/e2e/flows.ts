// Steps several specs begin with, as a customer takes them.
import type { Page } from '@playwright/test';
import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { HomePage } from './pages/home.page.ts';
import { PolarCheckoutPage } from './pages/polar.page.ts';
import { expect, uniqueEmail } from './fixtures.ts';

/** Signs up a new account and subscribes it to `planName` from the pricing page; resolves to its email. */
export async function signUpAndSubscribe(page: Page, planName: string, status = 'Active'): Promise<string> {
  const email = uniqueEmail(planName.toLowerCase().replace(/\W+/g, '-'));
  await new AuthPage(page).signUp(email, 'correct-horse-battery');
  await expect(new DashboardPage(page).heading()).toBeVisible();
  const home = new HomePage(page);
  await home.open();
  await home.subscribeTo(planName);
  await new PolarCheckoutPage(page).pay();
  await expect(new DashboardPage(page).status()).toHaveText(status);
  return email;
}

/** Reloads until `check` passes: the state a webhook brings is on the page a moment after it. */
export async function afterWebhooks(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass();
}
