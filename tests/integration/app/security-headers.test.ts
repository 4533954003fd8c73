// The headers `next start` sends: a nonce-based CSP on every page (a new nonce each time, the
// one Next puts on every script it renders), a locked-down CSP on API routes, and nosniff,
// Referrer-Policy, X-Frame-Options and HSTS (a production build) on every answer at all.
import { describe, expect, inject, it } from 'vitest';
import { signUpUser } from '../../fixtures/app-users.ts';
import { send, type Answer } from '../../fixtures/hostile-http.ts';

const stack = inject('stack');
const asNavigation = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };

/** The policy as directive → its sources. */
function directives(answer: Answer): Map<string, string[]> {
  const header = answer.headers['content-security-policy'];
  expect(typeof header, 'one Content-Security-Policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((part) => part[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectBaseHeaders(answer: Answer) {
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(answer.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
}

function expectPagePolicy(answer: Answer): string {
  const policy = directives(answer);
  const script = policy.get('script-src')!;
  const nonce = script.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(script).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(policy.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  // The only other origins: Supabase for the browser client, Polar's hosted pages for forms.
  const supabase = new URL(stack.supabaseUrl);
  expect(policy.get('connect-src')).toEqual(["'self'", supabase.origin, `ws://${supabase.host}`]);
  expect(policy.get('form-action')).toEqual(["'self'", new URL(stack.polarUrl).origin]);
  const origins = [...policy.values()].flat().filter((source) => /^[a-z]+:\/\//.test(source));
  expect(new Set(origins)).toEqual(new Set([supabase.origin, `ws://${supabase.host}`, new URL(stack.polarUrl).origin]));
  // http site: nothing to upgrade.
  expect(policy.has('upgrade-insecure-requests')).toBe(false);
  return nonce!;
}

describe('pages', () => {
  it.each(['/', '/login', '/signup', '/forgot-password', '/no-such-page'])('%s: the page policy, with its nonce on every script', async (path) => {
    const answer = await send(stack.appUrl, { path, headers: asNavigation });
    expect([200, 404]).toContain(answer.status);
    expectBaseHeaders(answer);
    const nonce = expectPagePolicy(answer);
    const scripts = [...answer.text.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // No inline style attributes or <style> elements without the nonce: the policy would refuse them.
    expect(answer.text).not.toMatch(/<[a-z][^>]*\sstyle="/i);
    for (const [tag] of answer.text.matchAll(/<style\b[^>]*>/g)) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('the dashboard, signed in, and its redirect, signed out', async () => {
    const user = await signUpUser(stack, 'headers');
    const page = await send(stack.appUrl, { path: '/dashboard', headers: { ...asNavigation, cookie: user.cookie } });
    expect(page.status).toBe(200);
    expectBaseHeaders(page);
    expectPagePolicy(page);
    const redirect = await send(stack.appUrl, { path: '/dashboard', headers: asNavigation });
    expect(redirect.status).toBe(307);
    expectBaseHeaders(redirect);
  });

  it('a new nonce for every request', async () => {
    const nonces = await Promise.all(Array.from({ length: 5 }, async () => expectPagePolicy(await send(stack.appUrl, { path: '/login' }))));
    expect(new Set(nonces).size).toBe(5);
  });

  it('a nonce sent by the client in its own CSP request header is never used', async () => {
    const answer = await send(stack.appUrl, { path: '/', headers: { 'content-security-policy': "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='" } });
    const nonce = expectPagePolicy(answer);
    expect(nonce).not.toBe('AAAAAAAAAAAAAAAAAAAAAA==');
    expect(answer.text).not.toContain('AAAAAAAAAAAAAAAAAAAAAA==');
  });
});

describe('routes and files', () => {
  it.each([
    ['GET /api/portal', { path: '/api/portal' }, 401],
    ['GET /api/checkout', { path: '/api/checkout?products=x' }, 401],
    ['POST /api/payments/portal', { method: 'POST', path: '/api/payments/portal', headers: { 'content-type': 'application/json' }, body: '{}' }, 401],
    ['POST /api/webhooks/polar', { method: 'POST', path: '/api/webhooks/polar', headers: { 'content-type': 'application/json' }, body: '{}' }, 403],
  ] as const)('%s: the base headers and a policy that allows nothing', async (_name, request, status) => {
    const answer = await send(stack.appUrl, { ...request, headers: { ...('headers' in request ? request.headers : {}) } });
    expect(answer.status).toBe(status);
    expectBaseHeaders(answer);
    expect(Object.fromEntries(directives(answer))).toEqual({
      'default-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  it('/auth/confirm (a route outside /api): the page policy', async () => {
    const answer = await send(stack.appUrl, { path: '/auth/confirm?token_hash=x&type=email' });
    expect(answer.status).toBe(307);
    expectBaseHeaders(answer);
    expectPagePolicy(answer);
  });

  it('static files: the base headers (nosniff above all)', async () => {
    const html = (await send(stack.appUrl, { path: '/' })).text;
    const assets = [...html.matchAll(/(?:href|src)="(\/_next\/static\/[^"]+\.(?:css|js))"/g)].map((match) => match[1]!);
    expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true);
    for (const asset of assets.slice(0, 4)) {
      const answer = await send(stack.appUrl, { path: asset });
      expect(answer.status).toBe(200);
      expectBaseHeaders(answer);
    }
  });
});
