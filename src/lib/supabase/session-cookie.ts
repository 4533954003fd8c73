// Reading the access token out of the session cookie @supabase/ssr writes, without building a
// Supabase client: `sb-<first label of the project host>-auth-token`, possibly split into
// `.0`, `.1`… chunks, holding `base64-<base64url of the session JSON>` (older versions: the
// JSON itself). tests/integration/session-cookie.test.ts checks this against cookies written
// by the real @supabase/ssr, chunked ones included.
import { combineChunks } from '@supabase/ssr';

const BASE64_PREFIX = 'base64-';

/** supabase-js's default storage key, which @supabase/ssr uses as the cookie name. */
export function sessionCookieName(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split('.')[0]}-auth-token`;
}

/**
 * Only a session auth-js itself would take from storage (an object with access_token,
 * refresh_token and expires_at, its user an object) counts, so that a cookie means the same
 * on this path as on @supabase/ssr's.
 */
function accessTokenOfStoredSession(session: unknown): string | null {
  if (typeof session !== 'object' || session === null) return null;
  if (!('refresh_token' in session) || !('expires_at' in session)) return null;
  if ('user' in session && (typeof session.user !== 'object' || session.user === null)) return null;
  const token = 'access_token' in session ? session.access_token : undefined;
  return typeof token === 'string' && token ? token : null;
}

/**
 * The `access_token` of the session cookie, or null when there is none or it cannot be read.
 * Nothing here is verified: the token must go through the verifier before it means anything.
 */
export async function sessionAccessToken(
  supabaseUrl: string,
  cookie: (name: string) => string | undefined,
): Promise<string | null> {
  try {
    const stored = await combineChunks(sessionCookieName(supabaseUrl), cookie);
    if (!stored) return null;
    const json = stored.startsWith(BASE64_PREFIX)
      ? Buffer.from(stored.slice(BASE64_PREFIX.length), 'base64url').toString('utf8')
      : stored;
    return accessTokenOfStoredSession(JSON.parse(json));
  } catch {
    return null;
  }
}
