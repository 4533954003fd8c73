// Local verification of Supabase access tokens with jose: the project's signing keys come from
// its JWKS endpoint once and are kept (as imported keys) until they go stale, so a request
// costs one signature check and no network. @supabase/ssr's getClaims does the same check
// but re-imports the key and re-decodes the cookie on every call, on a fresh client.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export type VerifiedClaims = JWTPayload & { sub: string; email?: unknown };

export interface AccessTokenVerifier {
  /**
   * The token's claims when it is signed by one of the project's keys, issued by its Auth for
   * the `authenticated` audience, and valid for at least `minValiditySeconds` more. Null
   * otherwise, and whenever the answer would need the network (keys not cached yet or stale:
   * a refresh starts in the background) — the caller then takes the full @supabase/ssr path.
   */
  verify(token: string): Promise<VerifiedClaims | null>;
}

export interface VerifierOptions {
  supabaseUrl: string;
  /** Tokens closer than this to expiry are left to @supabase/ssr, which refreshes them. */
  minValiditySeconds?: number;
}

// @supabase/ssr refreshes a session within 90 s of expiry; leave it room to do so.
const DEFAULT_MIN_VALIDITY_SECONDS = 120;
// Bounds a key fetch triggered by a token whose key id is not cached (a key rotation).
const JWKS_TIMEOUT_MS = 3000;

export function createAccessTokenVerifier({ supabaseUrl, minValiditySeconds = DEFAULT_MIN_VALIDITY_SECONDS }: VerifierOptions): AccessTokenVerifier {
  const authUrl = new URL('auth/v1', supabaseUrl.endsWith('/') ? supabaseUrl : `${supabaseUrl}/`).href;
  const keys = createRemoteJWKSet(new URL(`${authUrl}/.well-known/jwks.json`), { timeoutDuration: JWKS_TIMEOUT_MS });

  return {
    async verify(token) {
      if (!keys.fresh) {
        if (!keys.reloading) keys.reload().catch(() => {});
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: authUrl,
          audience: 'authenticated',
          // Asymmetric keys only: a project on the legacy shared secret publishes none.
          algorithms: ['ES256', 'RS256'],
          requiredClaims: ['sub', 'exp'],
        });
        if (typeof payload.sub !== 'string' || !payload.sub) return null;
        if (payload.exp! - Date.now() / 1000 < minValiditySeconds) return null;
        return payload as VerifiedClaims;
      } catch {
        return null;
      }
    },
  };
}
