import { isAuthRetryableFetchError, type SupabaseClient } from '@supabase/supabase-js';

/** What the app reads from a verified access token (it carries more). */
export type SessionClaims = { sub: string; email?: unknown; [claim: string]: unknown };

export type ClaimsResult =
  | { kind: 'signed-in'; claims: SessionClaims }
  | { kind: 'signed-out'; reason?: unknown }
  /** Auth could not be reached: says nothing about who is asking. */
  | { kind: 'unavailable'; reason: unknown };

/**
 * Set by the middleware on every page request it handles: "1" when Auth did not answer it. The
 * page then takes that answer rather than wait as long again (on a project whose tokens cannot
 * be checked locally, every page would otherwise take twice the Supabase timeout). The
 * middleware always overwrites it; sent by a visitor to a route the middleware does not run on,
 * it can only make their own request answer "unavailable".
 */
export const AUTH_UNAVAILABLE_HEADER = 'x-supabase-auth-unavailable';

// Clock skew tolerated on a token's not-before time, as PostgREST does.
const NBF_LEEWAY_SECONDS = 30;

/**
 * The verified claims of the request's session (getClaims checks the signature against the
 * project's JWKS, locally once the key is cached, and refreshes an expiring session). The one
 * place the app asks "who is this?" of an @supabase/ssr client: the middleware comes here, and
 * requestSession() (routes and pages) whenever it cannot answer locally.
 */
export async function verifiedClaims(supabase: SupabaseClient): Promise<ClaimsResult> {
  let result;
  try {
    result = await supabase.auth.getClaims();
  } catch (error) {
    // auth-js throws, rather than returning an error, on some malformed cookies and tokens.
    return { kind: 'signed-out', reason: error };
  }
  const { data, error } = result;
  if (error && isAuthRetryableFetchError(error)) return { kind: 'unavailable', reason: error };
  const claims = data?.claims;
  if (!claims || typeof claims.sub !== 'string' || !claims.sub) return { kind: 'signed-out', reason: error ?? undefined };
  // getClaims checks the signature and `exp` only; a token not valid yet is no session either.
  if (typeof claims.nbf === 'number' && claims.nbf > Date.now() / 1000 + NBF_LEEWAY_SECONDS) return { kind: 'signed-out' };
  return { kind: 'signed-in', claims: claims as SessionClaims };
}
