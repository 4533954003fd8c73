import 'server-only';
import { createClient as createSupabaseClient, type SupabaseClient } from '@supabase/supabase-js';
import { cookies } from 'next/headers';
import { publicEnv } from '@/env/public';
import { createAccessTokenVerifier, SESSION_MIN_VALIDITY_SECONDS } from './access-token';
import { verifiedClaims, type ClaimsResult } from './claims';
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
 */
export async function requestSession(): Promise<RequestSession> {
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
    return { supabase, session: { kind: 'signed-in', claims } };
  }
  const supabase = await createClient();
  return { supabase, session: await verifiedClaims(supabase) };
}
