// What reaches a user, and the log, when Polar refuses: its rate limit (the organization's
// budget, shared by every user) and a token missing a scope. Through the real routes, the real
// CustomerPortal helper, and the Polar stand-in answering as Polar does.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_SCOPES, SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { eventually, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);

let subscriber: TestUser;
let newcomer: TestUser;

beforeAll(async () => {
  [subscriber, newcomer] = await Promise.all([signUpUser(stack, 'limited-subscriber'), signUpUser(stack, 'limited-newcomer')]);
  await subscribe(stack, subscriber, SEED_PRODUCT_IDS.pro, sql);
});
afterEach(async () => {
  await control.setPolarRateLimit(null);
  await control.setAppTokenScopes();
});
afterAll(() => sql.end());

const portal = (user: TestUser) => fetch(`${stack.appUrl}/api/portal`, { headers: { cookie: user.cookie } });
const portalPost = (user: TestUser) =>
  fetch(`${stack.appUrl}/api/payments/portal`, { method: 'POST', headers: { cookie: user.cookie, origin: stack.appUrl, 'content-type': 'application/json' }, body: '{}' });
const checkout = (user: TestUser, product: string = SEED_PRODUCT_IDS.starter) => fetch(`${stack.appUrl}/api/checkout?products=${product}`, { headers: { cookie: user.cookie } });

/** Waits for the app's log to say `text`, and returns what it printed since `since`. */
async function loggedSince(since: number, text: string) {
  return eventually(async () => {
    const logs = (await control.appLogs()).slice(since);
    return logs.includes(text) && logs;
  });
}

describe("Polar's rate limit", () => {
  it.each([
    ['GET /api/portal (the CustomerPortal helper)', () => portal(subscriber)],
    ['POST /api/payments/portal', () => portalPost(subscriber)],
    ['GET /api/checkout (our own client)', () => checkout(newcomer)],
  ])('answers %s 503 with Retry-After, and the log names the limit', async (_name, call) => {
    const since = (await control.appLogs()).length;
    await control.setPolarRateLimit(0);
    const response = await call();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await response.json()).toEqual({ error: 'Billing is busy right now. Please try again in a minute.' });
    expect(await loggedSince(since, "Polar's rate limit was reached")).toMatch(/HTTP 429, retry after 60 s/);
  });
});

describe('a Polar token without a scope the app needs', () => {
  const without = (scope: string) => ALL_SCOPES.filter((s) => s !== scope);

  it('answers the portal 502 and logs that customer_sessions:write is missing', async () => {
    const since = (await control.appLogs()).length;
    await control.setAppTokenScopes(without('customer_sessions:write'));
    const response = await portal(subscriber);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: 'Something went wrong' });
    expect(await loggedSince(since, 'lacks the customer_sessions:write scope')).toContain('POST /v1/customer-sessions/');
  });

  it('answers a checkout 502 and logs that checkouts:write is missing', async () => {
    const since = (await control.appLogs()).length;
    await control.setAppTokenScopes(without('checkouts:write'));
    const response = await checkout(newcomer, SEED_PRODUCT_IDS.pro);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: 'Something went wrong' });
    expect(await loggedSince(since, 'lacks the checkouts:write scope')).toContain('POST /v1/checkouts/');
  });
});
