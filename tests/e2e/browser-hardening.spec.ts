// The CSP and the framing rules as Chromium applies them. Each test provokes what the policy
// exists to refuse, sees it refused, and then takes the violation off the shared collector
// (tests/e2e/fixtures.ts), which fails every other spec on any violation at all.
import { expect, test } from './fixtures.ts';

// What an HTML injection would bring: markup with an inline event handler (no nonce can cover
// one), and a resource from another origin to carry data away.
test('an injected inline event handler does not run, and the collector sees it refused', async ({ page, cspViolations }) => {
  await page.goto('/');
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img alt="" src="/no-such-image.png" onerror="window.__injected = true">');
  });
  await expect.poll(() => cspViolations.join('\n')).toMatch(/script-src-attr refused inline/);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  cspViolations.length = 0;
});

test('an injected image from another origin does not load', async ({ page, cspViolations, stack }) => {
  await page.goto('/login');
  await page.evaluate((src) => {
    document.body.insertAdjacentHTML('beforeend', `<img alt="" src="${src}">`);
  }, `${stack.polarUrl}/pixel.png?stolen=1`);
  await expect.poll(() => cspViolations.join('\n')).toMatch(/img-src refused .*pixel\.png/);
  cspViolations.length = 0;
});

test('no page of the app can be framed', async ({ page, cspViolations, stack }) => {
  for (const path of ['/', '/login', '/dashboard']) {
    await page.setContent(`<iframe src="${stack.appUrl}${path}" width="600" height="400"></iframe>`);
    await expect.poll(() => cspViolations.join('\n')).toMatch(/frame-ancestors/);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await expect(frame!.locator('body')).not.toContainText(/Sign in|Sign out|Polar/, { timeout: 2_000 });
    cspViolations.length = 0;
  }
});
