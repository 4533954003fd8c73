// The root middleware in the production build: it refreshes an expired session on a page
// request and guards /dashboard.
import { describe, expect, inject, it } from 'vitest';
import { mintToken, sessionCookie, signUpUser } from '../../fixtures/app-users.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { request } from 'undici';

const stack = inject('stack');
const now = () => Math.floor(Date.now() / 1000);

describe('session middleware (production build)', () => {
  it('refreshes an expired access token with a valid refresh token, and rewrites the cookie', async () => {
    const user = await signUpUser(stack, 'refresh');
    const expired = await mintToken(stack, user, { exp: now() - 60 });
    const cookie = sessionCookie(user, expired, user.refreshToken, now() - 60);

    const response = await request(`${stack.appUrl}/dashboard`, { headers: { cookie, accept: 'text/html', 'sec-fetch-mode': 'navigate' } });
    const body = await response.body.text();
    expect(response.statusCode).toBe(200);
    expect(body.replaceAll('<!-- -->', '')).toContain(`Signed in as ${user.email}`);

    const setCookie = [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${user.cookieName}=`));
    expect(setCookie).toBeDefined();
    const session = JSON.parse(Buffer.from(setCookie!.split(';')[0]!.split('=')[1]!.replace(/^base64-/, ''), 'base64url').toString()) as {
      access_token: string;
      refresh_token: string;
      expires_at: number;
    };
    expect(session.access_token).not.toBe(expired);
    expect(session.refresh_token).not.toBe(user.refreshToken);
    expect(session.expires_at).toBeGreaterThan(now());
  });

  it('sends a visitor whose session cannot be refreshed to sign-in, clearing the cookie', async () => {
    const user = await signUpUser(stack, 'dead');
    const expired = await mintToken(stack, user, { exp: now() - 60 });
    const response = await request(`${stack.appUrl}/dashboard`, { headers: { cookie: sessionCookie(user, expired, 'revoked-token', now() - 60) } });
    expect(response.statusCode).toBe(307);
    expect(response.headers.location).toMatch(/\/login\?next=%2Fdashboard$/);
    const cleared = [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${user.cookieName}=`));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  it('sends a signed-in visitor of the sign-in page on to the dashboard', async () => {
    const user = await signUpUser(stack, 'back');
    const page = await navigate(`${stack.appUrl}/login`, user.cookie);
    expect(page.status).toBe(307);
    expect(page.location).toBe('/dashboard');
  });
});
