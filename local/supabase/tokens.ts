// Signs user access tokens and verifies any bearer the way GoTrue and PostgREST do. Two kinds of
// project (supabase/auth internal/tokens/service.go SignJWT, internal/api/jwks.go,
// internal/conf/configuration.go applyDefaultsJWT): one with an asymmetric signing key (ES256,
// what `supabase start` uses now; the legacy HS256 secret still verifies), and one on the
// legacy JWT secret alone — tokens `{"alg":"HS256","typ":"JWT"}` without a kid, an empty JWKS,
// and nothing but the secret accepted.
import { decodeProtectedHeader, errors, importJWK, jwtVerify, SignJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import type { LocalKeys, SigningKey } from '../keys.ts';
import type { Claims } from './types.ts';

export type JwtAlgorithm = 'ES256' | 'HS256';

export type Verified =
  | { ok: true; claims: Claims }
  | { ok: false; reason: 'expired' | 'invalid'; message: string };

export interface TokenService {
  sign(claims: Claims): Promise<string>;
  verify(token: string): Promise<Verified>;
  jwks(): { keys: JWK[] };
  algorithm(): JwtAlgorithm;
  /** Switches the project's signing (tests run the app against both kinds on one stack). */
  setAlgorithm(algorithm: JwtAlgorithm): void;
}

export async function createTokenService(signingKey: SigningKey, keys: LocalKeys, initial: JwtAlgorithm = 'ES256'): Promise<TokenService> {
  const privateKey = (await importJWK(signingKey.privateJwk, 'ES256')) as CryptoKey;
  const publicKey = (await importJWK(signingKey.publicJwk, 'ES256')) as CryptoKey;
  const secret = new TextEncoder().encode(keys.jwtSecret);
  // WebCrypto's importKey rejects a JWK carrying `ext: false`, so the served key never has one.
  const publicJwk = { ...signingKey.publicJwk };
  delete publicJwk.ext;
  let algorithm = initial;

  return {
    sign: (claims) =>
      algorithm === 'HS256'
        ? new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret)
        : new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: signingKey.kid, typ: 'JWT' }).sign(privateKey),

    async verify(token) {
      try {
        const { alg, kid } = decodeProtectedHeader(token);
        if (alg === 'ES256' && algorithm === 'ES256') {
          if (kid !== undefined && kid !== signingKey.kid) return invalid('unknown signing key');
          const { payload } = await jwtVerify<Claims>(token, publicKey, { algorithms: ['ES256'] });
          return { ok: true, claims: payload };
        }
        const { payload } = await jwtVerify<Claims>(token, secret, { algorithms: ['HS256'] });
        return { ok: true, claims: payload };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', message: 'token is expired' };
        return invalid(error instanceof Error ? error.message : 'unable to parse or verify signature');
      }
    },

    // The secret itself is never published: an HS256-only project's key set is empty.
    jwks: () => ({ keys: algorithm === 'HS256' ? [] : [publicJwk] }),
    algorithm: () => algorithm,
    setAlgorithm(next) {
      algorithm = next;
    },
  };
}

function invalid(message: string): Verified {
  return { ok: false, reason: 'invalid', message };
}
