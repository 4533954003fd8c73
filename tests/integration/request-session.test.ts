// The local fast path of requestSession(): reading the access token out of cookies that the real
// @supabase/ssr wrote, and verifying it with jose against the stand-in's JWKS. Every "no" here
// sends a request down @supabase/ssr's own path, so a wrong "yes" is the only dangerous answer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServerClient } from '@supabase/ssr';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '@/lib/supabase/access-token';
import { readSessionCookie, sessionCookieName } from '@/lib/supabase/session-cookie';

const sessionAccessToken = async (url: string, cookie: (name: string) => string | undefined) => (await readSessionCookie(url, cookie))?.accessToken ?? null;
import { createCookieJar, startSupabaseStack, type SupabaseStack } from '../fixtures/supabase-stack.ts';

let stack: SupabaseStack;
let verifier: AccessTokenVerifier;

beforeAll(async () => {
  stack = await startSupabaseStack();
  verifier = createAccessTokenVerifier({ supabaseUrl: stack.standIn.url });
}, 60_000);
afterAll(async () => stack?.stop());

/** Signs up through @supabase/ssr, as the app's sign-up action does; returns its cookie jar. */
async function signUpWithSsr(email: string, data: Record<string, string> = {}) {
  const { jar, methods } = createCookieJar();
  const supabase = createServerClient(stack.standIn.url, stack.keys.publishableKey, { cookies: methods });
  const result = await supabase.auth.signUp({ email, password: 'correct-horse-1', options: { data } });
  expect(result.error).toBeNull();
  return { jar, accessToken: result.data.session!.access_token, userId: result.data.user!.id };
}

/** The session cookie's names in a jar (sign-up also leaves PKCE verifier cookies there). */
const sessionCookies = (jar: Map<string, string>) =>
  [...jar.keys()].filter((name) => name === sessionCookieName(stack.standIn.url) || name.startsWith(`${sessionCookieName(stack.standIn.url)}.`)).sort();

const now = () => Math.floor(Date.now() / 1000);

async function sign(claims: Record<string, unknown>, key: { privateJwk: JWK; kid?: string }, alg = 'ES256') {
  return new SignJWT({ sub: crypto.randomUUID(), role: 'authenticated', ...claims })
    .setProtectedHeader({ alg, typ: 'JWT', ...(key.kid ? { kid: key.kid } : {}) })
    .sign(await importJWK(key.privateJwk, alg));
}

const projectKey = () => ({ privateJwk: stack.signingKey.privateJwk, kid: stack.signingKey.kid });
const goodClaims = () => ({ iss: `${stack.standIn.url}/auth/v1`, aud: 'authenticated', iat: now(), exp: now() + 3600 });

/** The verifier answers locally only once the keys are cached; the first call starts the fetch. */
async function warm(v: AccessTokenVerifier, token: string) {
  for (let i = 0; i < 50; i++) {
    if (await v.verify(token)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the verifier never accepted a good token');
}

describe('readSessionCookie', () => {
  it('reads the token from the cookie @supabase/ssr writes, under the name it derives', async () => {
    const { jar, accessToken } = await signUpWithSsr('cookie-reader@billing-starter.dev');
    expect(sessionCookies(jar)).toEqual([sessionCookieName(stack.standIn.url)]);
    expect(await sessionAccessToken(stack.standIn.url, (name) => jar.get(name))).toBe(accessToken);
  });

  it('joins a session split into chunks', async () => {
    const { jar, accessToken } = await signUpWithSsr('chunky@billing-starter.dev', { bio: 'x'.repeat(5000) });
    expect(sessionCookies(jar)).toContain(`${sessionCookieName(stack.standIn.url)}.1`);
    expect(await sessionAccessToken(stack.standIn.url, (n) => jar.get(n))).toBe(accessToken);
  });

  it('derives the name from the project host: hosted projects included', () => {
    expect(sessionCookieName('https://abcdefghijklmnop.supabase.co')).toBe('sb-abcdefghijklmnop-auth-token');
    expect(sessionCookieName('http://127.0.0.1:54321')).toBe('sb-127-auth-token');
  });

  it.each([
    ['no cookie', undefined],
    ['garbage', 'base64-%%%'],
    ['base64 of no JSON', `base64-${Buffer.from('nope').toString('base64url')}`],
    ['JSON without a token', `base64-${Buffer.from('{"refresh_token":"r"}').toString('base64url')}`],
    ['a token that is no string', `base64-${Buffer.from('{"access_token":42}').toString('base64url')}`],
    ['JSON null', 'null'],
    // Sessions auth-js would not take from storage either.
    ['no refresh_token', `base64-${Buffer.from('{"access_token":"a.b.c","expires_at":1}').toString('base64url')}`],
    ['no expires_at', `base64-${Buffer.from('{"access_token":"a.b.c","refresh_token":"r"}').toString('base64url')}`],
    ['a user that is no object', `base64-${Buffer.from('{"access_token":"a.b.c","refresh_token":"r","expires_at":1,"user":5}').toString('base64url')}`],
    ['an expires_at that is no number', `base64-${Buffer.from('{"access_token":"a.b.c","refresh_token":"r","expires_at":"soon"}').toString('base64url')}`],
    // Buffer would skip the stray characters and decode the rest; @supabase/ssr refuses it.
    ['base64 with characters outside the alphabet', `base64-$$${Buffer.from('{"access_token":"a.b.c","refresh_token":"r","expires_at":1}').toString('base64url')}`],
  ])('answers null for %s', async (_name, value) => {
    const name = sessionCookieName(stack.standIn.url);
    expect(await sessionAccessToken(stack.standIn.url, (n) => (n === name ? value : undefined))).toBeNull();
  });

  it("hands back the cookie's expires_at, which decides auth-js's refresh", async () => {
    const name = sessionCookieName(stack.standIn.url);
    const value = `base64-${Buffer.from('{"access_token":"a.b.c","refresh_token":"r","expires_at":1234}').toString('base64url')}`;
    expect(await readSessionCookie(stack.standIn.url, (n) => (n === name ? value : undefined))).toEqual({ accessToken: 'a.b.c', expiresAt: 1234 });
  });

  it('reads the older raw-JSON format too', async () => {
    const name = sessionCookieName(stack.standIn.url);
    const value = JSON.stringify({ access_token: 'a.b.c', refresh_token: 'r', expires_at: 1 });
    expect(await sessionAccessToken(stack.standIn.url, (n) => (n === name ? value : undefined))).toBe('a.b.c');
  });
});

describe('createAccessTokenVerifier', () => {
  it('answers nothing before the keys are cached, then verifies a real session token locally', async () => {
    const fresh = createAccessTokenVerifier({ supabaseUrl: stack.standIn.url });
    const { accessToken, userId } = await signUpWithSsr('verified@billing-starter.dev');
    expect(await fresh.verify(accessToken)).toBeNull();
    await warm(fresh, accessToken);
    expect(await fresh.verify(accessToken)).toMatchObject({ sub: userId, email: 'verified@billing-starter.dev', aud: 'authenticated' });
  });

  it('asks a failing key endpoint once per interval, never while a request waits', async () => {
    let asked = 0;
    const failing = createServer((_req, res) => {
      asked += 1;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
      const broken = createAccessTokenVerifier({ supabaseUrl: url });
      const token = await sign({ ...goodClaims(), iss: `${url}/auth/v1` }, projectKey());
      for (let i = 0; i < 20; i++) expect(await broken.verify(token)).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < 20; i++) expect(await broken.verify(token)).toBeNull();
      expect(asked).toBe(1);
    } finally {
      failing.close();
    }
  });

  it('leaves HS256 tokens (a project on the legacy JWT secret) to the full path without fetching keys', async () => {
    const hs256 = await new SignJWT({ sub: crypto.randomUUID(), role: 'authenticated', ...goodClaims() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(stack.keys.jwtSecret));
    const fresh = createAccessTokenVerifier({ supabaseUrl: stack.standIn.url });
    stack.standIn.resetRequestCount();
    for (let i = 0; i < 3; i++) expect(await fresh.verify(hs256)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stack.standIn.counts().jwks).toBe(0);
  });

  it('refuses every token it cannot vouch for', async () => {
    await warm(verifier, await sign(goodClaims(), projectKey()));
    const other = await generateKeyPair('ES256', { extractable: true });
    const otherKey = { privateJwk: await exportJWK(other.privateKey) };
    const hs = { privateJwk: { kty: 'oct', k: Buffer.from('guessed-secret-guessed-secret-32b').toString('base64url') } as JWK };
    const good = await sign(goodClaims(), projectKey());
    const [header, payload] = good.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${good.split('.')[2]}`;

    const refused: Record<string, string> = {
      expired: await sign({ ...goodClaims(), exp: now() - 10 }, projectKey()),
      'about to expire (left to @supabase/ssr to refresh)': await sign({ ...goodClaims(), exp: now() + 60 }, projectKey()),
      'not valid yet': await sign({ ...goodClaims(), nbf: now() + 600 }, projectKey()),
      'another issuer': await sign({ ...goodClaims(), iss: 'https://evil.example/auth/v1' }, projectKey()),
      'no issuer': await sign({ ...goodClaims(), iss: undefined }, projectKey()),
      'another audience': await sign({ ...goodClaims(), aud: 'service' }, projectKey()),
      'no sub': await sign({ ...goodClaims(), sub: undefined }, projectKey()),
      'no exp': await sign({ ...goodClaims(), exp: undefined }, projectKey()),
      'another key, the project kid': await sign(goodClaims(), { ...otherKey, kid: stack.signingKey.kid }),
      'another key, no kid': await sign(goodClaims(), otherKey),
      'another key, a kid the project does not have': await sign(goodClaims(), { ...otherKey, kid: 'rotated-key' }),
      'HS256 with the project kid': await sign(goodClaims(), { ...hs, kid: stack.signingKey.kid }, 'HS256'),
      'payload tampered': tampered,
      'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
      garbage: 'not-a-jwt',
    };
    for (const [name, token] of Object.entries(refused)) {
      expect.soft(await verifier.verify(token), name).toBeNull();
    }
    expect(await verifier.verify(good)).toMatchObject({ aud: 'authenticated' });
  });
});
