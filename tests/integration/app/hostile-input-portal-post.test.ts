// POST /api/payments/portal against hostile input: cross-site requests, bodies of every wrong
// shape and size, return URLs off the site, forged sessions. Nothing may be written.
import { describe, expect, it } from 'vitest';
import { billingFingerprint, send, streamedBytes, type HostileRequest } from '../../fixtures/hostile-http.ts';
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

const forbidden = { status: 403, json: { error: 'Forbidden' } };
const invalidBody = { status: 400, json: { error: 'Invalid request body' } };
const invalidReturnUrl = { status: 400, json: { error: 'Invalid returnUrl' } };
const notUtf8 = { status: 400, json: { error: 'Request body is not valid UTF-8' } };
const tooLarge = { status: 413, json: { error: 'Payload too large' } };

/** A same-origin JSON POST by the subscriber; `headers` add to or replace the defaults. */
const post = (c: HostileContext, body: HostileRequest['body'], headers: Record<string, string | string[]> = {}): HostileRequest => ({
  method: 'POST',
  path: '/api/payments/portal',
  headers: { 'content-type': 'application/json', origin: c.stack.appUrl, cookie: c.subscriber.cookie, ...headers },
  body,
});
const bodyRow = (name: string, body: () => HostileRequest['body'], expected: HostileRow['expected']): HostileRow => ({
  name: `body: ${name}`,
  request: (c) => post(c, body()),
  expected,
});
const signedOut = (request: HostileRequest): HostileRequest => {
  delete request.headers!.cookie;
  return request;
};
const withoutOrigin = (c: HostileContext, headers: Record<string, string>): HostileRequest => {
  const request = post(c, '{}', headers);
  delete request.headers!.origin;
  return request;
};
const port = Number(new URL(stack.appUrl).port);

const rows: HostileRow[] = [
  ...authRows('POST', (c, cookie, headers) => {
    const request = post(c, '{}', { ...(cookie ? { cookie } : {}), ...headers });
    if (!cookie) delete request.headers!.cookie;
    return request;
  }),

  // Authentication before input: signed out or forged, neither Origin nor body is judged.
  ...[
    ['an off-site returnUrl', '{"returnUrl":"https://evil.example/"}'],
    ['a normalised protocol-relative returnUrl', '{"returnUrl":"/.//evil.example"}'],
    ['a malformed escape in returnUrl', '{"returnUrl":"/%"}'],
    ['invalid JSON', '{'],
    ['a JSON array', '[]'],
    ['returnUrl is a number', '{"returnUrl":5}'],
    ['one byte over 16 KB', `{"returnUrl":"/${'a'.repeat(16 * 1024)}"}`],
  ].flatMap(([name, body]): HostileRow[] => [
    { name: `signed out, ${name} (401 before the body is read)`, request: (c) => signedOut(post(c, body!)), expected: unauthorized },
    { name: `forged session (alg none), ${name}`, request: (c) => post(c, body!, { cookie: sessionCookie(c.subscriber, c.tokens.algNone) }), expected: unauthorized },
  ]),
  { name: 'signed out, cross-site Origin and an off-site returnUrl', request: (c) => signedOut(post(c, '{"returnUrl":"//evil.example"}', { origin: 'https://evil.example' })), expected: unauthorized },
  { name: 'signed out, text/plain body', request: (c) => signedOut(post(c, '{"returnUrl":"/x"}', { 'content-type': 'text/plain' })), expected: unauthorized },
  { name: 'signed out, invalid UTF-8', request: (c) => signedOut(post(c, Buffer.from([0x7b, 0xff, 0x7d]))), expected: unauthorized },

  // Cross-site: the Origin (or Fetch Metadata) must name the app itself.
  { name: 'Origin: another site', request: (c) => post(c, '{}', { origin: 'https://evil.example' }), expected: forbidden },
  { name: 'Origin: null (sandboxed frame, data: URL)', request: (c) => post(c, '{}', { origin: 'null' }), expected: forbidden },
  { name: 'Origin: the app with a trailing slash', request: (c) => post(c, '{}', { origin: `${c.stack.appUrl}/` }), expected: forbidden },
  { name: 'Origin: the app host over https', request: (c) => post(c, '{}', { origin: c.stack.appUrl.replace('http:', 'https:') }), expected: forbidden },
  { name: 'Origin: the app host, another port', request: (c) => post(c, '{}', { origin: `http://127.0.0.1:${port === 1 ? 2 : port - 1}` }), expected: forbidden },
  { name: 'Origin: look-alike <app origin>.evil.example', request: (c) => post(c, '{}', { origin: `${c.stack.appUrl}.evil.example` }), expected: forbidden },
  { name: 'Origin: localhost instead of 127.0.0.1', request: (c) => post(c, '{}', { origin: `http://localhost:${port}` }), expected: forbidden },
  { name: 'Origin: upper-case scheme', request: (c) => post(c, '{}', { origin: c.stack.appUrl.replace('http', 'HTTP') }), expected: forbidden },
  { name: 'Origin: sent twice, the app and another site', request: (c) => post(c, '{}', { origin: [c.stack.appUrl, 'https://evil.example'] }), expected: forbidden },
  { name: 'Origin: another site, Sec-Fetch-Site claiming same-origin', request: (c) => post(c, '{}', { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }), expected: forbidden },
  { name: 'no Origin, Sec-Fetch-Site: cross-site', request: (c) => withoutOrigin(c, { 'sec-fetch-site': 'cross-site' }), expected: forbidden },
  { name: 'no Origin, Sec-Fetch-Site: same-site (a sibling subdomain)', request: (c) => withoutOrigin(c, { 'sec-fetch-site': 'same-site' }), expected: forbidden },
  { name: 'no Origin, Sec-Fetch-Site: garbage', request: (c) => withoutOrigin(c, { 'sec-fetch-site': 'bogus' }), expected: forbidden },
  { name: 'cross-site form post (text/plain, Origin another site)', request: (c) => post(c, '{"returnUrl":"/x"}', { origin: 'https://evil.example', 'content-type': 'text/plain' }), expected: forbidden },

  // Sizes: refused before parsing.
  bodyRow('20 MB with Content-Length', () => Buffer.alloc(20 * 1024 * 1024, 'a'), tooLarge),
  bodyRow('20 MB streamed without Content-Length', () => streamedBytes(20 * 1024 * 1024), tooLarge),
  bodyRow('one byte over 16 KB', () => JSON.stringify({ returnUrl: `/${'a'.repeat(16 * 1024)}` }).slice(0, 16 * 1024 + 1), tooLarge),
  bodyRow('100k keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]))), tooLarge),
  // Shapes.
  bodyRow('8000-deep nested arrays', () => `${'['.repeat(8000)}${']'.repeat(8000)}`, invalidBody),
  bodyRow('returnUrl nested 2500 objects deep', () => `{"returnUrl":${'{"a":'.repeat(2500)}1${'}'.repeat(2500)}}`, invalidBody),
  ...['{', '}', '[]', 'null', '42', '"text"', 'true', '{}x', '{}{}', "{'returnUrl':'/x'}", '{returnUrl:"/x"}', '{/* c */}', '{"returnUrl":NaN}', '{"returnUrl":"/x",}'].map((body) =>
    bodyRow(JSON.stringify(body), () => body, invalidBody),
  ),
  ...['5', '["/dashboard"]', 'null', '{}', 'true', '{"href":"/dashboard"}'].map((value) => bodyRow(`returnUrl is ${value}`, () => `{"returnUrl":${value}}`, invalidBody)),
  // Bytes and unicode.
  bodyRow('overlong UTF-8 for "/"', () => Buffer.from([...Buffer.from('{"returnUrl":"'), 0xc0, 0xaf, 0xc0, 0xaf, ...Buffer.from('evil.example"}')]), notUtf8),
  bodyRow('a raw 0xFF byte', () => Buffer.from([0x7b, 0xff, 0x7d]), notUtf8),
  bodyRow('a UTF-8-encoded lone surrogate', () => Buffer.from([...Buffer.from('{"returnUrl":"/'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]), notUtf8),
  bodyRow('UTF-16LE JSON', () => Buffer.from('{"returnUrl":"/dashboard"}', 'utf16le'), invalidBody),
  bodyRow('a lone surrogate escape, not a path', () => '{"returnUrl":"\\ud800//evil.example"}', invalidReturnUrl),
  bodyRow('a NUL escape in returnUrl', () => '{"returnUrl":"/\\u0000//evil.example"}', invalidReturnUrl),
  bodyRow('an RTL override escape in returnUrl', () => '{"returnUrl":"/\\u202e//evil.example"}', invalidReturnUrl),
  ...malformedEscapes.map((value) => bodyRow(`returnUrl with a malformed percent-escape: ${value}`, () => JSON.stringify({ returnUrl: value }), invalidReturnUrl)),
  bodyRow('returnUrl twice, off-site last (JSON.parse keeps the last)', () => '{"returnUrl":"/dashboard","returnUrl":"https://evil.example/"}', invalidReturnUrl),
  ...offSiteReturnUrls(stack.appUrl).map(([name, value]) => bodyRow(`returnUrl: ${name}`, () => JSON.stringify({ returnUrl: value }), invalidReturnUrl)),

  // Content types: the route's contract is a JSON body.
  { name: 'Content-Type: application/x-www-form-urlencoded', request: (c) => post(c, 'returnUrl=%2Fdashboard', { 'content-type': 'application/x-www-form-urlencoded' }), expected: invalidBody },
  { name: 'Content-Type: multipart/form-data', request: (c) => post(c, '--x\r\nContent-Disposition: form-data; name="returnUrl"\r\n\r\n/dashboard\r\n--x--\r\n', { 'content-type': 'multipart/form-data; boundary=x' }), expected: invalidBody },
  { name: 'Content-Type: text/plain carrying JSON', request: (c) => post(c, '{"returnUrl":"/dashboard"}', { 'content-type': 'text/plain' }), expected: invalidBody },
  { name: 'no Content-Type, a JSON body', request: (c) => { const r = post(c, '{"returnUrl":"/dashboard"}'); delete r.headers!['content-type']; return r; }, expected: invalidBody },

  ...['GET', 'PUT', 'DELETE', 'PATCH'].map((method): HostileRow => ({ name: `method ${method}`, request: (c) => ({ ...post(c, method === 'GET' ? undefined : '{}'), method }), expected: emptyAnswer(405) })),
  { name: 'a 20 KB query string (refused by the HTTP server)', request: (c) => ({ ...post(c, '{}'), path: `/api/payments/portal?x=${'a'.repeat(20_000)}` }), expected: emptyAnswer(431) },
];

hostileTable('POST /api/payments/portal, hostile requests', rows, { ctx, sql });

describe('POST /api/payments/portal, odd but acceptable bodies', () => {
  it.each([
    ['a __proto__ key (no prototype pollution: the default applies)', '{"__proto__":{"returnUrl":"https://evil.example/"}}', '/dashboard'],
    ['a lone surrogate escape in a path', '{"returnUrl":"/\\ud800"}', '/\ud800'],
    ['a byte order mark before the JSON', '\ufeff{"returnUrl":"/settings"}', '/settings'],
    ['unknown keys next to returnUrl', '{"returnUrl":"/settings","customerId":"cus_victim","url":"https://evil.example/"}', '/settings'],
  ])('%s', async (_name, body, path) => {
    const before = await billingFingerprint(sql);
    const answer = await send(stack.appUrl, post(ctx(), body));
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const given = await portalReturnUrl((JSON.parse(answer.text) as { url: string }).url);
    expect(samePortalReturn(given, new URL(path, stack.appUrl).href)).toBe(true);
    expect(await billingFingerprint(sql)).toBe(before);
  });
});
