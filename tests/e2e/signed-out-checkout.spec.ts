// A visitor who picks a plan before having an account goes through sign-up, then straight on
// to Polar's checkout for that plan.
import { AuthPage } from './pages/auth.page.ts';
import { HomePage } from './pages/home.page.ts';
import { PolarCheckoutPage } from './pages/polar.page.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';

test('Subscribe while signed out: sign up first, then the checkout of that plan', async ({ page, stack }) => {
  const home = new HomePage(page);
  await home.open();
  await home.subscribeTo('Starter');
  await expect(page).toHaveURL(/\/login\?next=%2Fapi%2Fcheckout%3Fproducts%3D/);

  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/signup\?next=%2Fapi%2Fcheckout%3Fproducts%3D/);
  const auth = new AuthPage(page);
  await auth.email().fill(uniqueEmail('first-visit'));
  await auth.password().fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(new RegExp(`^${stack.polarUrl}/checkout/`));
  await expect(page.getByText('Starter').first()).toBeVisible();
  await new PolarCheckoutPage(page).pay();
  await expect(page).toHaveURL(/\/dashboard\?checkout_id=/);
});
