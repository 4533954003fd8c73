// Local verification of Supabase access tokens with jose: the project's signing keys come from
// its JWKS endpoint and are kept (as imported keys) until they go stale, so a request costs one
// signature check and never waits on the network. @supabase/ssr's getClaims does the same
// check but re-imports the key and re-decodes the cookie on every call, on a fresh client.
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { logError } from '@/lib/log';

export type VerifiedClaims = JWTPayload & { sub: string; email?: unknown };

export interface AccessTokenVerifier {
  /**
   * The token's claims when it is signed by one of the cached project keys, issued by its Auth
   * for the `authenticated` audience, and valid for at least SESSION_MIN_VALIDITY_SECONDS more.
   * Null otherwise — the caller then takes the full @supabase/ssr path. Keys missing, stale or
   * without the token's key id start a refresh in the background (at most one per
   * KEY_REFRESH_INTERVAL_MS), never awaited here.
   */
  verify(token: string): Promise<VerifiedClaims | null>;
}

/** @supabase/ssr refreshes a session within 90 s of expiry; leave that to it. */
export const SESSION_MIN_VALIDITY_SECONDS = 120;
// jose's own default: keys older than this are fetched again.
const KEYS_MAX_AGE_MS = 10 * 60_000;
// A failing or rotating JWKS endpoint is asked at most this often.
const KEY_REFRESH_INTERVAL_MS = 30_000;
const JWKS_TIMEOUT_MS = 3000;
// Asymmetric keys only: a project on the legacy shared secret publishes none.
const ALGORITHMS = ['ES256', 'RS256'];

/** The token's header names an algorithm a published key could verify. */
function asymmetric(token: string): boolean {
  try {
    return ALGORITHMS.includes(decodeProtectedHeader(token).alg ?? '');
  } catch {
    return false;
  }
}

export function createAccessTokenVerifier({ supabaseUrl }: { supabaseUrl: string }): AccessTokenVerifier {
  const authUrl = new URL('auth/v1', supabaseUrl.endsWith('/') ? supabaseUrl : `${supabaseUrl}/`).href;
  // Used only to fetch and validate the key set; verification runs on the local copy below.
  const remote = createRemoteJWKSet(new URL(`${authUrl}/.well-known/jwks.json`), { timeoutDuration: JWKS_TIMEOUT_MS });
  let local: { keys: JWTVerifyGetKey; fetchedAt: number } | undefined;
  let lastAttempt = Number.NEGATIVE_INFINITY;

  function refreshInBackground(): void {
    const now = Date.now();
    if (now - lastAttempt < KEY_REFRESH_INTERVAL_MS) return;
    lastAttempt = now;
    remote.reload().then(
      () => {
        const jwks = remote.jwks();
        if (jwks) local = { keys: createLocalJWKSet(jwks), fetchedAt: Date.now() };
      },
      (error: unknown) => logError('supabase JWKS', error),
    );
  }

  return {
    async verify(token) {
      // An HS256 token (a project on the legacy JWT secret) has no key to be checked against
      // here: the full path verifies it, and the key set is not even fetched for it.
      if (!asymmetric(token)) return null;
      // Stale keys are not trusted (a key may have been revoked): full path until refreshed.
      if (!local || Date.now() - local.fetchedAt > KEYS_MAX_AGE_MS) {
        refreshInBackground();
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, local.keys, {
          issuer: authUrl,
          audience: 'authenticated',
          algorithms: ALGORITHMS,
          requiredClaims: ['sub', 'exp'],
        });
        if (typeof payload.sub !== 'string' || !payload.sub) return null;
        if (payload.exp! - Date.now() / 1000 < SESSION_MIN_VALIDITY_SECONDS) return null;
        return payload as VerifiedClaims;
      } catch (error) {
        // A key id we do not hold may be a rotation: look again (rate-limited) for next time.
        if (error instanceof Error && 'code' in error && error.code === 'ERR_JWKS_NO_MATCHING_KEY') refreshInBackground();
        return null;
      }
    },
  };
}
