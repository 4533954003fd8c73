// What a person sees when Supabase's API is down: a clear message, never a hang or a stack trace.
import { AuthPage } from './pages/auth.page.ts';
import { DashboardPage } from './pages/dashboard.page.ts';
import { SCREENSHOTS, expect, test, uniqueEmail } from './fixtures.ts';

test('signing in while Supabase is down explains it', async ({ page, control }) => {
  const auth = new AuthPage(page);
  await page.goto('/login');
  await control.supabaseFaults({ status: 503 });
  await auth.email().fill('demo@billing-starter.dev');
  await auth.password().fill('demo-password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(auth.error()).toHaveText('We could not reach the sign-in service. Try again in a moment.');
});

test('the dashboard shows an error page while Supabase is down, and recovers', async ({ page, control }) => {
  await new AuthPage(page).signUp(uniqueEmail('outage'), 'correct-horse-battery');
  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading()).toBeVisible();

  await control.supabaseFaults({ status: 503 });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
  await expect(page.getByText(/node_modules|\.ts:\d+/)).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-outage.png` });

  await control.supabaseFaults({});
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.reload();
  await expect(dashboard.heading()).toBeVisible();
});
