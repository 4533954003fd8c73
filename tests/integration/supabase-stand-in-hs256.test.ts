// A project on the legacy JWT secret (what `supabase start` with legacy keys, and older hosted
// projects, sign user tokens with): tokens `{"alg":"HS256","typ":"JWT"}` without a kid, an empty
// JWKS, getClaims answered by GET /user, and only the secret accepted.
import { createServerClient } from '@supabase/ssr';
import { createClient } from '@supabase/supabase-js';
import { decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCookieJar, startSupabaseStack, type SupabaseStack } from '../fixtures/supabase-stack.ts';

let stack: SupabaseStack;
const noPersist = { auth: { persistSession: false, autoRefreshToken: false } };

beforeAll(async () => {
  stack = await startSupabaseStack({ jwtAlgorithm: 'HS256' });
}, 60_000);
afterAll(async () => stack?.stop());

describe('HS256 project', () => {
  it('signs user tokens HS256 with the JWT secret, no kid, and publishes no key', async () => {
    const { data } = await createClient(stack.standIn.url, stack.keys.publishableKey, noPersist).auth.signInWithPassword({ email: 'demo@billing-starter.dev', password: 'demo-password-123' });
    const token = data.session!.access_token;
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });

    const jwks = await fetch(`${stack.standIn.url}/auth/v1/.well-known/jwks.json`);
    expect(jwks.headers.get('cache-control')).toBe('public, max-age=600');
    expect(await jwks.text()).toBe('{"keys":[]}');
  });

  it('getClaims through @supabase/ssr falls back to GET /user, and PostgREST takes the token', async () => {
    const cookies = createCookieJar();
    const supabase = createServerClient(stack.standIn.url, stack.keys.publishableKey, { cookies: cookies.methods });
    expect((await supabase.auth.signInWithPassword({ email: 'demo@billing-starter.dev', password: 'demo-password-123' })).error).toBeNull();
    stack.standIn.resetRequestCount();
    const { data, error } = await supabase.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(data?.claims.email).toBe('demo@billing-starter.dev');
    expect(stack.standIn.counts()).toEqual({ auth: 1, rest: 0, jwks: 0 });
    expect(await supabase.from('user_subscriptions').select('user_id')).toMatchObject({ data: [], error: null });
  });

  it('refuses a token signed by the ES256 key, valid as it would be on an ES256 project', async () => {
    const key = await importJWK(stack.signingKey.privateJwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const es256 = await new SignJWT({ sub: 'd0d0d0d0-0000-4000-8000-000000000001', role: 'authenticated', aud: 'authenticated' })
      .setProtectedHeader({ alg: 'ES256', kid: stack.signingKey.kid, typ: 'JWT' }).setIssuedAt(now).setExpirationTime(now + 600).sign(key);
    expect(decodeProtectedHeader(es256).alg).toBe('ES256');
    const user = await createClient(stack.standIn.url, stack.keys.publishableKey, noPersist).auth.getUser(es256);
    expect(user.error).toMatchObject({ status: 403, code: 'bad_jwt' });
    const rest = await fetch(`${stack.standIn.url}/rest/v1/user_subscriptions`, { headers: { apikey: stack.keys.publishableKey, authorization: `Bearer ${es256}` } });
    expect(rest.status).toBe(401);
  });

  it('switches back to ES256 at runtime, as the app-hs256 test run does the other way', async () => {
    stack.standIn.setAuthModes({ jwtAlgorithm: 'ES256' });
    const jwks = await (await fetch(`${stack.standIn.url}/auth/v1/.well-known/jwks.json`)).json();
    expect(jwks.keys[0]).toMatchObject({ kid: stack.signingKey.kid, alg: 'ES256' });
    stack.standIn.setAuthModes({ jwtAlgorithm: 'HS256' });
    expect(await (await fetch(`${stack.standIn.url}/auth/v1/.well-known/jwks.json`)).json()).toEqual({ keys: [] });
  });
});
