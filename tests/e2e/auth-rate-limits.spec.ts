// Supabase Auth's rate limits, as a hosted project applies them, reaching a person through the
// app: the server is one client address to Supabase, so every visitor's sign-in shares one
// bucket; and a project out of email budget cannot mail a confirmation link.
import { AuthPage } from './pages/auth.page.ts';
import { expect, test, uniqueEmail } from './fixtures.ts';

test('a sign-in over the request limit is explained', async ({ page, stack, control }) => {
  // GoTrue's bucket of 30, with no refill (token_refresh 0), so no token comes back while the
  // browser clicks; the refill itself is the stand-in contract tests' business.
  await control.setAuthModes({ rateLimits: { tokenRefresh: 0 } });
  // Others on the app server's address (loopback, like this process) use up its 30 sign-ins.
  for (let i = 0; i < 30; i++) {
    await fetch(`${stack.supabaseUrl}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: stack.publishableKey, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'someone@billing-starter.dev', password: 'not-the-password' }),
    });
  }
  const auth = new AuthPage(page);
  await auth.signIn('demo@billing-starter.dev', 'demo-password-123');
  await expect(auth.error()).toHaveText('Too many attempts. Wait a minute and try again.');
  await expect(page).toHaveURL(/\/login$/);
});

test('a sign-up the project has no email budget left for is explained', async ({ page, control }) => {
  await control.setAuthModes({ confirmations: true, rateLimits: { emailSent: 0 } });
  const auth = new AuthPage(page);
  await auth.signUp(uniqueEmail('no-budget'), 'correct-horse-battery');
  await expect(auth.error()).toHaveText('We cannot send you another email just now. Wait a little, then try again.');
});
