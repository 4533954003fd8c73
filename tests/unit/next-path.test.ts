// safeNextPath: where sign-in, sign-up and /auth/confirm send a browser next. Its answer is used
// as a relative Location, so besides staying on the origin it must never be a path a browser
// reads as another host (`//host`, `/\host`) — after dot segments and escapes are resolved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/auth/next-path';
import { safeReturnUrl } from '@/lib/http/return-url';

const SITE = 'http://localhost:3000';
const ORIGIN = new URL(SITE).origin;
const RUNS = { numRuns: 3000 };
/** Pages a `next` redirect is answered from: a relative Location resolves against them. */
const PAGES = [`${SITE}/login`, `${SITE}/signup?next=x`, `${SITE}/auth/confirm?token_hash=t&type=email`, `${SITE}/a/b/c/`];

describe('safeNextPath', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/api/checkout?products=abc', '/api/checkout?products=abc'],
    ['/a/../settings', '/settings'],
    ['/./settings', '/settings'],
    ['/%2e/settings', '/settings'],
    [`${SITE}/settings?tab=1#x`, '/settings?tab=1#x'],
    ['/search?q=%2F%2Fdocs', '/search?q=%2F%2Fdocs'],
  ])('keeps %j as %j', (input, expected) => {
    expect(safeNextPath(input, SITE)).toBe(expected);
  });

  it.each([
    // Normalised into a protocol-relative path: the open redirect of issue #12.
    '/.//evil.example',
    '/./\u002f/evil.example',
    '/a/..//evil.example',
    '/a/b/../..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/.%2e//evil.example',
    '/a/%2e%2e//evil.example',
    '/;/..//evil.example',
    `${SITE}//evil.example`,
    `${SITE}/.//evil.example`,
    `${SITE}/x/..//evil.example`,
    // Decoded by a later consumer, then resolved again.
    '/%2e%2e%2f%2fevil.example',
    '/x/..%2F%2Fevil.example',
    // Raw forms.
    '//evil.example',
    '/\\evil.example',
    '/%5C%5Cevil.example',
    '/%2F%2Fevil.example',
    'https://evil.example/',
    'http://localhost:3000@evil.example/',
    'http://user:pass@localhost:3000/dashboard',
    'javascript:alert(1)',
    '',
    42,
    ['/dashboard'],
    undefined,
  ])('falls back to /dashboard for %j', (input) => {
    expect(safeNextPath(input, SITE)).toBe('/dashboard');
  });

  it('takes its fallback as given', () => {
    expect(safeNextPath('//evil.example', SITE, '/')).toBe('/');
  });
});

/** The pieces of the disguises: encodings, dot segments, backslashes, userinfo. */
const piece = fc.constantFrom(
  '/', '//', '///', '.', '..', './', '../', '/./', '/../', '%2e', '%2E', '%2e%2e', '.%2e', '%2e.', '%252e', '%25252e', '%2f', '%2F', '%252F',
  '%5C', '%5c', '%255C', '\\', '/\\', '\\/', ';', '%3B', '@', '%40', ':', 'user:pass@', 'localhost@', 'localhost:3000@', 'evil.example',
  'evil.example@', 'localhost', 'localhost:3000', 'http:', 'https:', 'HTTP://', '?', '#', '%3F', '%23', '%00', '%09', '\t', '\u3002', '\uff0f',
  'a', 'dashboard', SITE, `${SITE}/`,
);
const disguise = fc.array(piece, { minLength: 1, maxLength: 10 }).map((parts) => parts.join(''));
const pathLike = fc.tuple(fc.constantFrom('/', `${SITE}/`, ''), disguise).map(([head, tail]) => head + tail);
/** Paths of plain, dot and empty segments: the normalised result is easy to get wrong. */
const dotted = fc
  .array(fc.constantFrom('', '.', '..', '%2e', '%2E%2E', '.%2E', 'a', 'b', 'evil.example', '%2F', ';'), { minLength: 1, maxLength: 8 })
  .map((segments) => `/${segments.join('/')}`);
const anyInput = fc.oneof(fc.string({ maxLength: 30 }), disguise, { weight: 3, arbitrary: pathLike }, { weight: 3, arbitrary: dotted });

describe('safeNextPath, for any string', () => {
  it('is the fallback or a path that stays on the origin from every page, however it is read', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const path = safeNextPath(input, SITE);
        expect(path.startsWith('/')).toBe(true);
        expect(path.startsWith('//')).toBe(false);
        expect(path.startsWith('/\\')).toBe(false);
        for (const page of PAGES) {
          const resolved = new URL(path, page);
          expect(resolved.origin).toBe(ORIGIN);
          expect(resolved.pathname.startsWith('//')).toBe(false);
          // Decoded once (as @polar-sh/nextjs and some proxies do) and resolved again.
          expect(new URL(decodeURI(resolved.pathname), page).origin).toBe(ORIGIN);
        }
      }),
      RUNS,
    );
  });

  it('is exactly the path of the URL the validator accepted, or the fallback when it refused', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const url = safeReturnUrl(input, SITE);
        const path = safeNextPath(input, SITE);
        if (url === null) expect(path).toBe('/dashboard');
        else expect(new URL(path, SITE).href).toBe(url);
      }),
      RUNS,
    );
  });

  it('refuses every dotted path whose normalised form is protocol-relative', () => {
    fc.assert(
      fc.property(dotted, (input) => {
        let normalised: string;
        try {
          normalised = new URL(input, SITE).pathname;
        } catch {
          normalised = '//'; // not even a URL
        }
        if (normalised.startsWith('//')) expect(safeNextPath(input, SITE)).toBe('/dashboard');
      }),
      RUNS,
    );
  });
});
