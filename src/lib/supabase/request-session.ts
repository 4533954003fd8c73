import 'server-only';
import { createClient as createSupabaseClient, type SupabaseClient } from '@supabase/supabase-js';
import { cookies } from 'next/headers';
import { publicEnv } from '@/env/public';
import { createAccessTokenVerifier } from './access-token';
import { verifiedClaims, type ClaimsResult } from './claims';
import type { Database } from './database.types';
import { createClient } from './server';
import { sessionAccessToken } from './session-cookie';
import { fetchWithTimeout } from './timeout-fetch';

export interface RequestSession {
  /** Acts as the signed-in user (or anon): reads go through Row Level Security. */
  supabase: SupabaseClient<Database>;
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
 * (getClaims, refresh, cookies rewritten), so the answer never depends on which path ran.
 */
export async function requestSession(): Promise<RequestSession> {
  const cookieStore = await cookies();
  const token = await sessionAccessToken(publicEnv.NEXT_PUBLIC_SUPABASE_URL, (name) => cookieStore.get(name)?.value);
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
