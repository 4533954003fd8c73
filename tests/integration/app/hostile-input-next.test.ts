// `next` on the real pages: a signed-in visitor of /login or /signup, and the sign-in and
// sign-up forms themselves (submitted as a browser without JavaScript does), are sent to
// `next` only when it is a path on the app's origin once normalised; every disguise of
// another host lands on /dashboard. The runner also checks each Location resolves on-origin.
import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import { formFields, multipart } from '../../fixtures/auth-forms.ts';
import { send, type HostileRequest } from '../../fixtures/hostile-http.ts';
import { hostileSuite, hostileTable, offSiteReturnUrls, type Expected, type HostileContext, type HostileRow } from '../../fixtures/hostile-rows.ts';

const { stack, sql, ctx } = hostileSuite();

const PASSWORD = 'correct-horse-battery'; // what signUpUser gives every test user
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const to = (status: number, path: string): Expected => ({ status, location: new RegExp(`^${escape(stack.appUrl)}${escape(path)}$`) });
const asNavigation = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };

const hidden: Record<string, Record<string, string>> = {};
beforeAll(async () => {
  for (const path of ['/login', '/signup']) hidden[path] = formFields((await send(stack.appUrl, { path })).text);
});

/** The page's form, posted with `values` (a no-JS submit: the answer is a 303 or the page). */
const formPost = (path: '/login' | '/signup', values: Record<string, string>): HostileRequest => {
  const { body, contentType } = multipart({ ...hidden[path], ...values });
  return { method: 'POST', path, headers: { origin: stack.appUrl, 'content-type': contentType }, body };
};
const signedInVisit = (c: HostileContext, path: string, next: string): HostileRequest => ({
  path: `${path}?next=${encodeURIComponent(next)}`,
  headers: { ...asNavigation, cookie: c.member.cookie },
});

const disguises = offSiteReturnUrls(stack.appUrl);
const normalised = disguises.filter(([name]) => /segment|path of \/\/|decode to/.test(name));

const rows: HostileRow[] = [
  ...disguises.map(([name, value]): HostileRow => ({ name: `GET /login signed in, next: ${name}`, request: (c) => signedInVisit(c, '/login', value), expected: to(307, '/dashboard') })),
  ...disguises.map(([name, value]): HostileRow => ({ name: `GET /signup signed in, next: ${name}`, request: (c) => signedInVisit(c, '/signup', value), expected: to(307, '/dashboard') })),
  ...disguises.map(([name, value]): HostileRow => ({
    name: `sign-in form, next: ${name}`,
    request: (c) => formPost('/login', { email: c.member.email, password: PASSWORD, next: value }),
    expected: to(303, '/dashboard'),
  })),
  ...normalised.map(([name, value]): HostileRow => ({
    name: `sign-up form, next: ${name}`,
    request: () => formPost('/signup', { email: `next-${randomUUID().slice(0, 8)}@billing-starter.dev`, password: PASSWORD, next: value }),
    expected: to(303, '/dashboard'),
  })),
  // The one same-origin path among the disguises' look-alikes, to show `next` is honoured.
  { name: 'GET /login signed in, next: a dot segment before one slash', request: (c) => signedInVisit(c, '/login', '/./settings'), expected: to(307, '/settings') },
  { name: 'sign-in form, next: the checkout of a plan', request: (c) => formPost('/login', { email: c.member.email, password: PASSWORD, next: '/api/checkout?products=x' }), expected: to(303, '/api/checkout?products=x') },
  // A link that fails verification never reaches `next`, whatever it says (Supabase answers an
  // unknown token hash otp_expired; an off-site next is not carried on to sign-in either).
  ...['//evil.example', '/.//evil.example'].map((next): HostileRow => ({
    name: `GET /auth/confirm with a bad token, next: ${next}`,
    request: () => ({ path: `/auth/confirm?token_hash=nope&type=email&next=${encodeURIComponent(next)}`, headers: asNavigation }),
    expected: to(307, '/login?error=otp_expired'),
  })),
];

hostileTable('next on the sign-in and sign-up pages and forms', rows, { ctx, sql });
