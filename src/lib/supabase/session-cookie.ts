// Reading the access token out of the session cookie @supabase/ssr writes, without building a
// Supabase client: `sb-<first label of the project host>-auth-token`, possibly split into
// `.0`, `.1`… chunks, holding `base64-<base64url of the session JSON>` (older versions: the
// JSON itself). tests/integration/request-session.test.ts checks this against cookies written
// by the real @supabase/ssr, chunked ones included.
import { combineChunks } from '@supabase/ssr';

const BASE64_PREFIX = 'base64-';

/** supabase-js's default storage key, which @supabase/ssr uses as the cookie name. */
export function sessionCookieName(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split('.')[0]}-auth-token`;
}

export interface StoredSession {
  accessToken: string;
  /** When auth-js considers the session expired (seconds), which decides its refresh. */
  expiresAt: number;
}

// What @supabase/ssr's own decoder accepts (it throws on anything else); Buffer would skip it.
const BASE64URL = /^[A-Za-z0-9_\-=\s]*$/;

/**
 * Only a session auth-js itself would take from storage (an object with access_token,
 * refresh_token and expires_at, its user an object) counts, so that a cookie means the same
 * on this path as on @supabase/ssr's.
 */
function storedSession(session: unknown): StoredSession | null {
  if (typeof session !== 'object' || session === null) return null;
  if (!('refresh_token' in session) || !('expires_at' in session) || typeof session.expires_at !== 'number') return null;
  if ('user' in session && (typeof session.user !== 'object' || session.user === null)) return null;
  const token = 'access_token' in session ? session.access_token : undefined;
  return typeof token === 'string' && token ? { accessToken: token, expiresAt: session.expires_at } : null;
}

/**
 * The session in the cookie, or null when there is none or it cannot be read. Nothing here is
 * verified: the token must go through the verifier before it means anything.
 */
export async function readSessionCookie(
  supabaseUrl: string,
  cookie: (name: string) => string | undefined,
): Promise<StoredSession | null> {
  try {
    const stored = await combineChunks(sessionCookieName(supabaseUrl), cookie);
    if (!stored) return null;
    let json = stored;
    if (stored.startsWith(BASE64_PREFIX)) {
      const encoded = stored.slice(BASE64_PREFIX.length);
      if (!BASE64URL.test(encoded)) return null;
      json = Buffer.from(encoded, 'base64url').toString('utf8');
    }
    return storedSession(JSON.parse(json));
  } catch {
    return null;
  }
}
