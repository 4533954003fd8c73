// The billing throttles, with their default limits, on a second server: per user, 429 JSON
// with Retry-After, after authentication and before the input is read; another user at the
// same moment unaffected; and closed when the store cannot be asked.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signUpUser, sqlFor, type TestUser } from '../../fixtures/app-users.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import type { RunningApp } from '../../fixtures/next-app.ts';
import { startSecondApp } from '../../fixtures/second-app.ts';

const stack = inject('stack');
const sql = sqlFor(stack);
let app: RunningApp;

beforeAll(async () => {
  app = await startSecondApp(stack); // no RATE_LIMIT_* set: the defaults
});
afterAll(async () => {
  await app?.stop();
  await sql.end();
});

const getPortal = (user: TestUser | null, query = '') => fetch(`${app.url}/api/portal${query}`, { headers: user ? { cookie: user.cookie } : {} });
const postPortal = (user: TestUser | null, body = '{}') =>
  fetch(`${app.url}/api/payments/portal`, {
    method: 'POST',
    // The site URL (inlined at build) is the shared app's: that is the origin the route expects.
    headers: { 'content-type': 'application/json', origin: stack.appUrl, ...(user ? { cookie: user.cookie } : {}) },
    body,
  });
const checkout = (user: TestUser | null, query = '?products=nope') => fetch(`${app.url}/api/checkout${query}`, { headers: user ? { cookie: user.cookie } : {} });

async function expectJson(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toEqual(body);
}

async function expectThrottled(response: Response, maxWaitSeconds: number) {
  await expectJson(response, 429, { error: 'Too many requests' });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxWaitSeconds);
}

describe('portal sessions', () => {
  it('allows 10 per user a minute across both portal routes, then 429 with Retry-After', async () => {
    const user = await signUpUser(stack, 'portal-throttle');
    for (let i = 0; i < 5; i++) await expectJson(await getPortal(user), 404, { error: 'No subscription found' });
    for (let i = 0; i < 5; i++) await expectJson(await postPortal(user), 404, { error: 'No customer found' });
    await expectThrottled(await getPortal(user), 60);
    await expectThrottled(await postPortal(user), 60);
  });

  it('throttles before the input is read, and after authentication', async () => {
    const user = await signUpUser(stack, 'portal-order');
    for (let i = 0; i < 10; i++) await getPortal(user);
    await expectThrottled(await getPortal(user, '?returnUrl=%2F%2Fevil.example'), 60);
    await expectThrottled(await postPortal(user, '{"returnUrl":"https://evil.example/"}'), 60);
    await expectThrottled(await postPortal(user, '{'), 60);
    // Signed out, nobody is throttled: the answer is the 401.
    await expectJson(await getPortal(null, '?returnUrl=%2F%2Fevil.example'), 401, { error: 'Unauthorized' });
    await expectJson(await postPortal(null), 401, { error: 'Unauthorized' });
  });

  it('leaves another user at the same moment unaffected', async () => {
    const [busy, other] = await Promise.all([signUpUser(stack, 'portal-busy'), signUpUser(stack, 'portal-other')]);
    const answers = await Promise.all([...Array.from({ length: 12 }, () => getPortal(busy)), getPortal(other)]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.slice(0, 12).filter((status) => status === 404)).toHaveLength(10);
    expect(statuses.slice(0, 12).filter((status) => status === 429)).toHaveLength(2);
    expect(statuses[12]).toBe(404);
  });

  it('fails closed: with the store refusing, the routes answer 500', async () => {
    const user = await signUpUser(stack, 'portal-store-down');
    await sql`revoke execute on function public.consume_rate_limit(jsonb) from service_role`;
    try {
      await expectJson(await getPortal(user), 500, { error: 'Something went wrong' });
      await expectJson(await postPortal(user), 500, { error: 'Internal Server Error' });
      await expectJson(await checkout(user), 500, { error: 'Something went wrong' });
    } finally {
      await sql`grant execute on function public.consume_rate_limit(jsonb) to service_role`;
    }
    await expectJson(await getPortal(user), 404, { error: 'No subscription found' });
  });
});

describe('checkouts', () => {
  it('allows 10 per user in 10 minutes, then 429 with Retry-After, before the products are read', async () => {
    const [user, other] = await Promise.all([signUpUser(stack, 'checkout-throttle'), signUpUser(stack, 'checkout-other')]);
    for (let i = 0; i < 10; i++) await expectJson(await checkout(user), 400, { error: 'Unknown product' });
    await expectThrottled(await checkout(user), 600);
    await expectThrottled(await checkout(user, ''), 600);
    // A page load is answered the same (no redirect anywhere).
    const page = await navigate(`${app.url}/api/checkout?products=nope`, user.cookie);
    expect(page.status).toBe(429);
    expect(JSON.parse(page.body)).toEqual({ error: 'Too many requests' });
    await expectJson(await checkout(other), 400, { error: 'Unknown product' });
    // Signed out, a page load still goes to sign-in.
    expect((await navigate(`${app.url}/api/checkout?products=nope`)).status).toBe(303);
  });
});

describe('subscription changes', () => {
  it('allow 10 per user in 10 minutes across change-plan, cancel and resume, then 429 with Retry-After, before the body is read', async () => {
    const [user, other] = await Promise.all([signUpUser(stack, 'changes-throttle'), signUpUser(stack, 'changes-other')]);
    const change = (who: TestUser, route: string, body = '{}') =>
      fetch(`${app.url}/api/subscription/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: stack.appUrl, cookie: who.cookie }, body });
    for (const route of ['cancel', 'resume', 'cancel', 'resume', 'cancel']) await expectJson(await change(user, route), 404, { error: 'No live subscription' });
    for (let i = 0; i < 5; i++) await expectJson(await change(user, 'change-plan', '{"productId":"nope"}'), 400, { error: 'Unknown plan' });
    await expectThrottled(await change(user, 'cancel'), 600);
    await expectThrottled(await change(user, 'change-plan', '{'), 600);
    await expectJson(await change(other, 'resume'), 404, { error: 'No live subscription' });
  });
});
