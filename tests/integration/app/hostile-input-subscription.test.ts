// The subscription routes (change-plan, cancel, resume) against hostile input: forged sessions,
// cross-site requests, bodies of every wrong shape and size, other methods. Each is answered
// with its own clear 4xx JSON, and nothing is written — the subscriber's plan stays as it is.
import { randomUUID } from 'node:crypto';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { streamedBytes, type HostileRequest } from '../../fixtures/hostile-http.ts';
import { authRows, emptyAnswer, hostileSuite, hostileTable, unauthorized, type HostileContext, type HostileRow } from '../../fixtures/hostile-rows.ts';
import { sessionCookie } from '../../fixtures/app-users.ts';

const { stack, sql, ctx } = hostileSuite();

const forbidden = { status: 403, json: { error: 'Forbidden' } };
const invalidBody = { status: 400, json: { error: 'Invalid request body' } };
const notUtf8 = { status: 400, json: { error: 'Request body is not valid UTF-8' } };
const tooLarge = { status: 413, json: { error: 'Payload too large' } };
const port = Number(new URL(stack.appUrl).port);

type Route = 'change-plan' | 'cancel' | 'resume';

function rowsFor(route: Route): HostileRow[] {
  const path = `/api/subscription/${route}`;
  const post = (c: HostileContext, body: HostileRequest['body'], headers: Record<string, string | string[]> = {}): HostileRequest => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', origin: c.stack.appUrl, cookie: c.subscriber.cookie, ...headers },
    body,
  });
  const signedOut = (request: HostileRequest): HostileRequest => {
    delete request.headers!.cookie;
    return request;
  };
  // A body the route would act on, were everything else right: what the gates must stop.
  const acting = route === 'change-plan' ? JSON.stringify({ productId: SEED_PRODUCT_IDS.starter }) : '{}';
  const body = (name: string, value: () => HostileRequest['body'], expected: HostileRow['expected']): HostileRow => ({ name: `${route} body: ${name}`, request: (c) => post(c, value()), expected });

  const rows: HostileRow[] = [
    ...authRows(route, (c, cookie, headers) => {
      const request = post(c, acting, { ...(cookie ? { cookie } : {}), ...headers });
      if (!cookie) delete request.headers!.cookie;
      return request;
    }),
    // Authentication first: signed out or forged, neither Origin nor body is judged.
    ...[
      ['invalid JSON', '{'],
      ['a JSON array', '[]'],
      ['one byte over 16 KB', `{"productId":"${'a'.repeat(16 * 1024)}"}`],
      ['a cross-site text/plain form post', acting],
    ].flatMap(([name, value]): HostileRow[] => [
      { name: `${route}: signed out, ${name} (401 before the body is read)`, request: (c) => signedOut(post(c, value!, { origin: 'https://evil.example', 'content-type': 'text/plain' })), expected: unauthorized },
      { name: `${route}: forged session (alg none), ${name}`, request: (c) => post(c, value!, { cookie: sessionCookie(c.subscriber, c.tokens.algNone) }), expected: unauthorized },
    ]),

    // Cross-site: the Origin (or Fetch Metadata) must name the app itself.
    { name: `${route}: Origin another site`, request: (c) => post(c, acting, { origin: 'https://evil.example' }), expected: forbidden },
    { name: `${route}: Origin null`, request: (c) => post(c, acting, { origin: 'null' }), expected: forbidden },
    { name: `${route}: Origin the app with a trailing slash`, request: (c) => post(c, acting, { origin: `${c.stack.appUrl}/` }), expected: forbidden },
    { name: `${route}: Origin the app over https`, request: (c) => post(c, acting, { origin: c.stack.appUrl.replace('http:', 'https:') }), expected: forbidden },
    { name: `${route}: Origin another port`, request: (c) => post(c, acting, { origin: `http://127.0.0.1:${port === 1 ? 2 : port - 1}` }), expected: forbidden },
    { name: `${route}: Origin a look-alike host`, request: (c) => post(c, acting, { origin: `${c.stack.appUrl}.evil.example` }), expected: forbidden },
    { name: `${route}: Origin sent twice`, request: (c) => post(c, acting, { origin: [c.stack.appUrl, 'https://evil.example'] }), expected: forbidden },
    { name: `${route}: no Origin, Sec-Fetch-Site cross-site`, request: (c) => { const r = post(c, acting, { 'sec-fetch-site': 'cross-site' }); delete r.headers!.origin; return r; }, expected: forbidden },
    { name: `${route}: no Origin, Sec-Fetch-Site same-site`, request: (c) => { const r = post(c, acting, { 'sec-fetch-site': 'same-site' }); delete r.headers!.origin; return r; }, expected: forbidden },
    { name: `${route}: cross-site form post`, request: (c) => post(c, acting, { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }), expected: forbidden },

    // Sizes, refused before parsing.
    body('20 MB with Content-Length', () => Buffer.alloc(20 * 1024 * 1024, 'a'), tooLarge),
    body('20 MB streamed', () => streamedBytes(20 * 1024 * 1024), tooLarge),
    body('100k keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]))), tooLarge),
    // Shapes: a JSON object with only what the route takes.
    body('8000-deep nested arrays', () => `${'['.repeat(8000)}${']'.repeat(8000)}`, invalidBody),
    ...['{', '[]', 'null', '42', '"text"', '{}x', "{'productId':'x'}", '{"productId":NaN}', '{"a":1,}'].map((value) => body(JSON.stringify(value), () => value, invalidBody)),
    body('an unknown key', () => '{"subscriptionId":"sub_victim"}', invalidBody),
    body('a __proto__ key', () => '{"__proto__":{"productId":"x"}}', invalidBody),
    body('a raw 0xFF byte', () => Buffer.from([0x7b, 0xff, 0x7d]), notUtf8),
    body('UTF-16LE JSON', () => Buffer.from(acting, 'utf16le'), invalidBody),
    { name: `${route}: Content-Type text/plain carrying JSON`, request: (c) => post(c, acting, { 'content-type': 'text/plain' }), expected: invalidBody },
    { name: `${route}: Content-Type form-urlencoded`, request: (c) => post(c, 'productId=x', { 'content-type': 'application/x-www-form-urlencoded' }), expected: invalidBody },
    { name: `${route}: no Content-Type, a JSON body`, request: (c) => { const r = post(c, acting); delete r.headers!['content-type']; return r; }, expected: invalidBody },
    ...['GET', 'PUT', 'DELETE', 'PATCH'].map((method): HostileRow => ({ name: `${route}: method ${method}`, request: (c) => ({ ...post(c, method === 'GET' ? undefined : acting), method }), expected: emptyAnswer(405) })),
  ];

  if (route === 'change-plan') {
    rows.push(
      ...['5', 'null', '""', '[]', '{}', 'true', JSON.stringify('a'.repeat(201))].map((value) => body(`productId is ${value.slice(0, 20)}`, () => `{"productId":${value}}`, invalidBody)),
      body('productId with another key', () => JSON.stringify({ productId: SEED_PRODUCT_IDS.starter, prorationBehavior: 'reset' }), invalidBody),
      body('productId unknown', () => JSON.stringify({ productId: randomUUID() }), { status: 400, json: { error: 'Unknown plan' } }),
      body('productId with surrounding space', () => JSON.stringify({ productId: ` ${SEED_PRODUCT_IDS.starter}` }), { status: 400, json: { error: 'Unknown plan' } }),
      body('productId with a trailing NUL', () => JSON.stringify({ productId: `${SEED_PRODUCT_IDS.starter}\u0000` }), { status: 400, json: { error: 'Unknown plan' } }),
      body('productId the current plan', () => JSON.stringify({ productId: SEED_PRODUCT_IDS.pro }), { status: 409, json: { error: 'You are already on Pro.' } }),
      { name: 'change-plan: a member without a subscription', request: (c) => post(c, acting, { cookie: c.member.cookie }), expected: { status: 404, json: { error: 'No live subscription' } } },
    );
  } else {
    rows.push({ name: `${route}: a member without a subscription`, request: (c) => post(c, '{}', { cookie: c.member.cookie }), expected: { status: 404, json: { error: 'No live subscription' } } });
  }
  if (route === 'resume') rows.push(body('{} for a subscription that is not ending', () => '{}', { status: 409, json: { error: 'Your subscription is not set to end: there is nothing to resume.' } }));
  return rows;
}

for (const route of ['change-plan', 'cancel', 'resume'] as const) hostileTable(`POST /api/subscription/${route}, hostile requests`, rowsFor(route), { ctx, sql });
