// GET /api/portal against hostile input: each row a request, its exact answer, and proof that
// nothing was written and nobody was sent off the app's origin.
import { describe, expect, it } from 'vitest';
import { billingFingerprint, rawHttp, send } from '../../fixtures/hostile-http.ts';
import {
  authRows,
  emptyAnswer,
  hostileSuite,
  hostileTable,
  malformedEscapes,
  offSiteReturnUrls,
  portalReturnUrl,
  samePortalReturn,
  unauthorized,
  type HostileContext,
  type HostileRow,
} from '../../fixtures/hostile-rows.ts';
import { sessionCookie } from '../../fixtures/app-users.ts';

const { stack, sql, ctx } = hostileSuite();

const invalidReturnUrl = { status: 400, json: { error: 'Invalid returnUrl' } };
const asNavigation = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
const portal = (c: HostileContext, query: string, headers: Record<string, string> = {}) => ({ path: `/api/portal${query}`, headers: { cookie: c.subscriber.cookie, ...headers } });

const rows: HostileRow[] = [
  ...authRows('GET', (_c, cookie, headers) => ({ path: '/api/portal', headers: { ...(cookie ? { cookie } : {}), ...headers } })),

  ...offSiteReturnUrls(stack.appUrl).map(([name, value]): HostileRow => ({
    name: `returnUrl: ${name}`,
    request: (c) => portal(c, `?returnUrl=${encodeURIComponent(value)}`),
    expected: invalidReturnUrl,
  })),
  // Query strings exactly as a hostile link would carry them (no second encoding by us).
  ...malformedEscapes.map((value): HostileRow => ({
    name: `returnUrl with a malformed percent-escape: ${value}`,
    request: (c) => portal(c, `?returnUrl=${encodeURIComponent(value)}`),
    expected: invalidReturnUrl,
  })),
  { name: 'returnUrl: raw double-encoded //', request: (c) => portal(c, '?returnUrl=%252F%252Fevil.example'), expected: invalidReturnUrl },
  { name: 'returnUrl: overlong UTF-8 for // (%C0%AF)', request: (c) => portal(c, '?returnUrl=%C0%AF%C0%AFevil.example'), expected: invalidReturnUrl },
  { name: 'returnUrl: encoded lone surrogate (%ED%A0%80), not a path', request: (c) => portal(c, '?returnUrl=%ED%A0%80//evil.example'), expected: invalidReturnUrl },
  { name: 'returnUrl: + as space before a path', request: (c) => portal(c, '?returnUrl=+/dashboard'), expected: invalidReturnUrl },
  { name: 'returnUrl: duplicated, off-site first', request: (c) => portal(c, '?returnUrl=https%3A%2F%2Fevil.example%2F&returnUrl=%2Fdashboard'), expected: invalidReturnUrl },
  { name: 'returnUrl: off-site, as a page navigation (no redirect)', request: (c) => portal(c, '?returnUrl=https%3A%2F%2Fevil.example%2F', asNavigation), expected: invalidReturnUrl },
  { name: 'returnUrl: protocol-relative, as a page navigation', request: (c) => portal(c, '?returnUrl=%2F%2Fevil.example', asNavigation), expected: invalidReturnUrl },
  // Authentication before input: signed out or forged, a bad query still answers only 401.
  ...offSiteReturnUrls(stack.appUrl).map(([name, value]): HostileRow => ({
    name: `signed out, returnUrl: ${name} (401 before the query is read)`,
    request: () => ({ path: `/api/portal?returnUrl=${encodeURIComponent(value)}` }),
    expected: unauthorized,
  })),
  ...malformedEscapes.map((value): HostileRow => ({
    name: `signed out, returnUrl with a malformed percent-escape: ${value}`,
    request: () => ({ path: `/api/portal?returnUrl=${encodeURIComponent(value)}` }),
    expected: unauthorized,
  })),
  { name: 'forged session (alg none), returnUrl off-site', request: (c) => ({ path: '/api/portal?returnUrl=%2F%2Fevil.example', headers: { cookie: sessionCookie(c.subscriber, c.tokens.algNone) } }), expected: unauthorized },
  { name: 'signed out, returnUrl off-site, as a page navigation', request: () => ({ path: '/api/portal?returnUrl=https%3A%2F%2Fevil.example%2F', headers: asNavigation }), expected: unauthorized },

  ...['POST', 'PUT', 'DELETE', 'PATCH'].map((method): HostileRow => ({ name: `method ${method}`, request: (c) => ({ ...portal(c, ''), method }), expected: emptyAnswer(405) })),
  { name: 'a 20 KB query string (refused by the HTTP server)', request: (c) => portal(c, `?returnUrl=%2F${'a'.repeat(20_000)}`), expected: emptyAnswer(431) },
  { name: 'a NUL byte in the request target', request: (c) => ({ path: '', raw: rawHttp(c.stack.appUrl, 'GET', '/api/portal?returnUrl=/\u0000x', { cookie: c.subscriber.cookie }) }), expected: emptyAnswer(400) },
  {
    name: 'raw overlong UTF-8 bytes in the request target',
    request: (c) => ({ path: '', raw: rawHttp(c.stack.appUrl, 'GET', Buffer.from([...Buffer.from('/api/portal?returnUrl=/'), 0xc0, 0xaf, 0x65]), { cookie: c.subscriber.cookie }) }),
    expected: emptyAnswer(400),
  },
  {
    name: 'raw non-UTF-8 bytes in the auth cookie',
    request: (c) => ({ path: '', raw: rawHttp(c.stack.appUrl, 'GET', '/api/portal', { cookie: Buffer.from([...Buffer.from(`${c.subscriber.cookieName}=`), 0xff, 0xfe, 0xc0, 0xaf]) }) }),
    expected: unauthorized,
  },
];

hostileTable('GET /api/portal, hostile requests', rows, { ctx, sql });

describe('GET /api/portal, odd but same-origin return URLs', () => {
  // Accepted: what Polar is given must be exactly where a browser would resolve the input on
  // the app's origin, and nothing is written.
  it.each([
    ['ideographic full stops in the app host', () => `${stack.appUrl.replaceAll('.', '\u3002')}/dashboard`],
    ['an emoji path', () => '/\u{1f600}'],
    ['dot segments before a single slash', () => '/./evil.example'],
    ['quadruple-encoded //', () => '/%2525252F%2525252Fevil.example'],
  ])('%s', async (_name, input) => {
    const value = input();
    const before = await billingFingerprint(sql);
    const answer = await send(stack.appUrl, { path: `/api/portal?returnUrl=${encodeURIComponent(value)}`, headers: { cookie: ctx().subscriber.cookie } });
    expect(answer.status).toBe(200);
    const { url } = JSON.parse(answer.text) as { url: string };
    const given = await portalReturnUrl(url);
    expect(new URL(given!).origin).toBe(stack.appUrl);
    expect(samePortalReturn(given, new URL(value, stack.appUrl).href)).toBe(true);
    expect(await billingFingerprint(sql)).toBe(before);
  });

  it('reads the first of duplicated returnUrl parameters', async () => {
    const answer = await send(stack.appUrl, { path: '/api/portal?returnUrl=%2Fsettings&returnUrl=https%3A%2F%2Fevil.example%2F', headers: { cookie: ctx().subscriber.cookie } });
    expect(answer.status).toBe(200);
    expect(await portalReturnUrl((JSON.parse(answer.text) as { url: string }).url)).toBe(`${stack.appUrl}/settings`);
  });
});
