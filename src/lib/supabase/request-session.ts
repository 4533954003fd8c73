import 'server-only';
import { createClient as createSupabaseClient, type SupabaseClient } from '@supabase/supabase-js';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { publicEnv } from '@/env/public';
import { createAccessTokenVerifier, SESSION_MIN_VALIDITY_SECONDS } from './access-token';
import { AUTH_UNAVAILABLE_HEADER, verifiedClaims, type ClaimsResult } from './claims';
import type { Database } from './database.types';
import { createClient } from './server';
import { readSessionCookie } from './session-cookie';
import { fetchWithTimeout } from './timeout-fetch';

/**
 * Data access only: the locally verified path's client has no usable `auth` (supabase-js throws
 * on it when built with `accessToken`), so no code may come to rely on it.
 */
export type UserDataClient = Omit<SupabaseClient<Database>, 'auth'>;

export interface RequestSession {
  /** Acts as the signed-in user (or anon): reads go through Row Level Security. */
  supabase: UserDataClient;
  session: ClaimsResult;
  /** The verified access token (null when signed out), for the one Auth call money needs. */
  accessToken: () => Promise<string | null>;
}

const verifier = createAccessTokenVerifier({ supabaseUrl: publicEnv.NEXT_PUBLIC_SUPABASE_URL });

/**
 * Who is asking, and a client acting as them, for route handlers and pages.
 *
 * Most requests carry a token that verifies locally and is far from expiry: they get a plain
 * supabase-js client that sends that token, with no Auth call and no session machinery. Every
 * other request — signed out, an expiring token to refresh, a key not cached yet, a forged or
 * malformed cookie, a project on the legacy JWT secret — takes @supabase/ssr's full path
 * (getClaims, refresh, cookies rewritten). The local path takes only cookies auth-js would take
 * and is stricter on the token (issuer, audience, not-before), so it never admits a caller the
 * full path would refuse.
 *
 * Asked once per render: the layout and the page share the answer (React's cache). On the full
 * path every ask is a GET /user — on a project on the legacy JWT secret, every request's.
 */
export const requestSession = cache(async (): Promise<RequestSession> => {
  const cookieStore = await cookies();
  const stored = await readSessionCookie(publicEnv.NEXT_PUBLIC_SUPABASE_URL, (name) => cookieStore.get(name)?.value);
  // auth-js refreshes by the cookie's expires_at: near it, leave the session to @supabase/ssr.
  const fresh = stored && stored.expiresAt - Date.now() / 1000 >= SESSION_MIN_VALIDITY_SECONDS;
  const token = fresh ? stored.accessToken : null;
  const claims = token ? await verifier.verify(token) : null;
  if (token && claims) {
    const supabase = createSupabaseClient<Database>(publicEnv.NEXT_PUBLIC_SUPABASE_URL, publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
      accessToken: async () => token,
      global: { fetch: fetchWithTimeout },
    });
    return { supabase, session: { kind: 'signed-in', claims }, accessToken: async () => token };
  }
  const supabase = await createClient();
  // The middleware already waited for Auth on this request, in vain: do not wait again.
  if ((await headers()).get(AUTH_UNAVAILABLE_HEADER) === '1') {
    return { supabase, session: { kind: 'unavailable', reason: new Error('Supabase Auth did not answer the session middleware') }, accessToken: async () => null };
  }
  const session = await verifiedClaims(supabase);
  // After verifiedClaims the session in storage is the checked (and, if due, refreshed) one.
  const accessToken = async () => (session.kind === 'signed-in' ? ((await supabase.auth.getSession()).data.session?.access_token ?? null) : null);
  return { supabase, session, accessToken };
});
