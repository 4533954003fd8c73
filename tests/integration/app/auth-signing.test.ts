// The app on both kinds of Supabase project (this file runs in the `app` and `app-hs256`
// projects): with ES256 a fresh session is verified locally; with the legacy HS256 secret the
// local check never applies and @supabase/ssr verifies every request through GET /user.
import { SignJWT, type JWTPayload } from 'jose';
import { request } from 'undici';
import { describe, expect, inject, it } from 'vitest';
import { sessionCookie, signUpUser } from '../../fixtures/app-users.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

describe(`a project signing user tokens ${stack.jwtAlgorithm}`, () => {
  it('hands out tokens signed that way at sign-up', async () => {
    const user = await signUpUser(stack, 'signing');
    expect(header(user.accessToken)).toEqual(stack.jwtAlgorithm === 'HS256' ? { alg: 'HS256', typ: 'JWT' } : { alg: 'ES256', kid: stack.signingKey.kid, typ: 'JWT' });
  });

  it('shows the dashboard to a signed-in user, asking Auth only when the token cannot be checked locally', async () => {
    const user = await signUpUser(stack, 'signing-page');
    // The first view warms every key cache (the app's, and auth-js's in the middleware).
    expect((await navigate(`${stack.appUrl}/dashboard`, user.cookie)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await control.resetSupabaseCounts();
    const page = await navigate(`${stack.appUrl}/dashboard`, user.cookie);
    expect(page.status).toBe(200);
    expect(page.body.replaceAll('<!-- -->', '')).toContain(`Signed in as ${user.email}`);
    const counts = await control.supabaseCounts();
    expect(counts.jwks).toBe(0);
    // HS256: the middleware's getClaims and the page's session each call GET /user once.
    expect(counts.auth).toBe(stack.jwtAlgorithm === 'HS256' ? 2 : 0);
  });

  it('ignores a visitor’s own claim that Auth is unavailable: the middleware sets that header itself', async () => {
    const user = await signUpUser(stack, 'signing-forged');
    // The same session re-signed with the legacy secret, which both kinds of project accept and
    // the local check never does: the page takes the full path, where the header counts.
    const claims = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString()) as JWTPayload;
    const legacy = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(stack.jwtSecret));
    const forged = await request(`${stack.appUrl}/dashboard`, {
      headers: { cookie: sessionCookie(user, legacy, user.refreshToken, claims.exp), accept: 'text/html', 'sec-fetch-mode': 'navigate', 'x-supabase-auth-unavailable': '1' },
    });
    expect(forged.statusCode).toBe(200);
    expect((await forged.body.text()).replaceAll('<!-- -->', '')).toContain(`Signed in as ${user.email}`);
  });
});
