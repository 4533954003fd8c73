// GET /api/checkout against hostile input: product lists of every wrong shape, forged
// sessions, page loads that must land on the app's own sign-in. Nothing may be written.
import { SEED_PRICE_IDS, SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { sessionCookie } from '../../fixtures/app-users.ts';
import {
  authCases,
  authRows,
  emptyAnswer,
  hostileSuite,
  hostileTable,
  unauthorized,
  type Expected,
  type HostileContext,
  type HostileRow,
} from '../../fixtures/hostile-rows.ts';

const { stack, sql, ctx } = hostileSuite();

const PRO = SEED_PRODUCT_IDS.pro;
const missing = { status: 400, json: { error: 'Missing or too many products' } };
const unknown = { status: 400, json: { error: 'Unknown product' } };
const asNavigation = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A page load without a usable session goes to the app's own sign-in, coming back here. */
const toLogin = (query: string): Expected => ({ status: 303, location: new RegExp(`^${escape(stack.appUrl)}/login\\?next=${escape(encodeURIComponent(`/api/checkout${query}`))}$`) });

/** The member (signed in, never subscribed) asks for a checkout with this raw query. */
const checkout = (c: HostileContext, query: string, headers: Record<string, string> = {}) => ({ path: `/api/checkout${query}`, headers: { cookie: c.member.cookie, ...headers } });
const productRow = (name: string, query: string, expected: Expected): HostileRow => ({ name: `products: ${name}`, request: (c) => checkout(c, query), expected });
const navigationCase = (name: string) => authCases.find((auth) => auth.name === name)!;

const rows: HostileRow[] = [
  // Auth first: every forged session is refused before the products are looked at.
  ...authRows('fetch', (_c, cookie, headers) => ({ path: `/api/checkout?products=${PRO}`, headers: { ...(cookie ? { cookie } : {}), ...headers } })),
  ...['no cookie at all', 'auth cookie: plain garbage', 'token: alg none', 'token: expired a minute ago', 'token: header segment is base64 of non-JSON'].map((name): HostileRow => {
    const auth = navigationCase(name);
    return {
      name: `page load: ${name}`,
      request: (c) => ({ path: `/api/checkout?products=${PRO}`, headers: { ...asNavigation, ...(auth.cookie(c) ? { cookie: auth.cookie(c)! } : {}) } }),
      expected: toLogin(`?products=${PRO}`),
    };
  }),
  {
    name: 'page load signed out, a hostile next= in the query stays inside the login URL',
    request: () => ({ path: `/api/checkout?products=${PRO}&next=%2F%2Fevil.example`, headers: asNavigation }),
    expected: toLogin(`?products=${PRO}&next=%2F%2Fevil.example`),
  },
  {
    name: 'page load of //evil.example/api/checkout (Next collapses the slashes, on the app origin)',
    request: () => ({ path: '//evil.example/api/checkout?products=x', headers: asNavigation }),
    expected: { status: 308, location: new RegExp(`^${escape(stack.appUrl)}/evil\\.example/api/checkout\\?products=x$`) },
  },

  // Authentication before input: signed out, a bad product list answers only 401.
  ...[
    ['none', ''],
    ['empty', '?products='],
    ['six distinct', `?${Array.from({ length: 6 }, (_, i) => `products=p${i}`).join('&')}`],
    ['an unknown UUID', '?products=00000000-0000-4000-8000-000000000000'],
    ['a broken percent escape', '?products=%E0%A4%A'],
    ['10 KB long', `?products=${'a'.repeat(10_000)}`],
  ].map(([name, query]): HostileRow => ({ name: `signed out, products: ${name} (401 before the query is read)`, request: () => ({ path: `/api/checkout${query}` }), expected: unauthorized })),

  productRow('none', '', missing),
  productRow('empty', '?products=', unknown),
  productRow('another parameter name (products[])', `?products[]=${PRO}`, missing),
  productRow('another parameter name (Products)', `?Products=${PRO}`, missing),
  productRow('six distinct', `?${Array.from({ length: 6 }, (_, i) => `products=p${i}`).join('&')}`, missing),
  productRow('a hundred distinct', `?${Array.from({ length: 100 }, (_, i) => `products=p${i}`).join('&')}`, missing),
  productRow('an unknown UUID', '?products=00000000-0000-4000-8000-000000000000', unknown),
  productRow('a known and an unknown', `?products=${PRO}&products=nope`, unknown),
  productRow('a price id instead of a product id', `?products=${SEED_PRICE_IDS.pro}`, unknown),
  productRow('the known id without its dashes', `?products=${PRO.replaceAll('-', '')}`, unknown),
  productRow('the known id with a leading space (+)', `?products=+${PRO}`, unknown),
  productRow('the known id with a trailing NUL', `?products=${PRO}%00`, unknown),
  productRow('the known id with an RTL override', `?products=%E2%80%AE${PRO}`, unknown),
  productRow('comma-separated known ids', `?products=${PRO},${SEED_PRODUCT_IDS.starter}`, unknown),
  productRow('a JSON array of ids', `?products=${encodeURIComponent(JSON.stringify([PRO]))}`, unknown),
  productRow('SQL', `?products=${encodeURIComponent("' or 1=1 --")}`, unknown),
  productRow('path traversal', `?products=${encodeURIComponent('../../v1/products')}`, unknown),
  productRow('a URL', `?products=${encodeURIComponent('https://evil.example/')}`, unknown),
  productRow('javascript:', `?products=${encodeURIComponent('javascript:alert(1)')}`, unknown),
  productRow('__proto__', '?products=__proto__', unknown),
  productRow('constructor', '?products=constructor', unknown),
  productRow('an emoji', `?products=${encodeURIComponent('\u{1f4b8}')}`, unknown),
  productRow('an encoded lone surrogate', '?products=%ED%A0%80', unknown),
  productRow('overlong UTF-8', '?products=%C0%AF', unknown),
  productRow('a broken percent escape', '?products=%E0%A4%A', unknown),
  productRow('10 KB long', `?products=${'a'.repeat(10_000)}`, unknown),
  {
    name: 'products: unknown, as a page load (an error, not a redirect)',
    request: (c) => checkout(c, '?products=nope', asNavigation),
    expected: unknown,
  },
  {
    name: 'products: identity in the query is ignored, the unknown product still refused',
    request: (c) => checkout(c, `?products=nope&customerExternalId=${c.subscriber.id}&customerEmail=${encodeURIComponent(c.subscriber.email)}`),
    expected: unknown,
  },
  {
    name: 'products: unknown, with a forged session for the member',
    request: (c) => ({ path: '/api/checkout?products=nope', headers: { cookie: sessionCookie(c.member, c.tokens.algNone) } }),
    expected: unauthorized,
  },

  ...['POST', 'PUT', 'DELETE', 'PATCH'].map((method): HostileRow => ({ name: `method ${method}`, request: (c) => ({ ...checkout(c, `?products=${PRO}`), method }), expected: emptyAnswer(405) })),
  { name: 'a 20 KB query string (refused by the HTTP server)', request: (c) => checkout(c, `?products=${'a'.repeat(20_000)}`), expected: emptyAnswer(431) },
];

hostileTable('GET /api/checkout, hostile requests', rows, { ctx, sql });
