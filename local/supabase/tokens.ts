// Signs user access tokens (ES256, like a project with asymmetric signing keys) and verifies
// any bearer the way GoTrue and PostgREST do: the ES256 key, or the legacy HS256 JWT secret.
import { decodeProtectedHeader, errors, importJWK, jwtVerify, SignJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import type { LocalKeys, SigningKey } from '../keys.ts';
import type { Claims } from './types.ts';

export type Verified =
  | { ok: true; claims: Claims }
  | { ok: false; reason: 'expired' | 'invalid'; message: string };

export interface TokenService {
  sign(claims: Claims): Promise<string>;
  verify(token: string): Promise<Verified>;
  jwks(): { keys: JWK[] };
}

export async function createTokenService(signingKey: SigningKey, keys: LocalKeys): Promise<TokenService> {
  const privateKey = (await importJWK(signingKey.privateJwk, 'ES256')) as CryptoKey;
  const publicKey = (await importJWK(signingKey.publicJwk, 'ES256')) as CryptoKey;
  const secret = new TextEncoder().encode(keys.jwtSecret);
  // WebCrypto's importKey rejects a JWK carrying `ext: false`, so the served key never has one.
  const publicJwk = { ...signingKey.publicJwk };
  delete publicJwk.ext;

  return {
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: signingKey.kid, typ: 'JWT' }).sign(privateKey),

    async verify(token) {
      try {
        const { alg, kid } = decodeProtectedHeader(token);
        if (alg === 'ES256') {
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

    jwks: () => ({ keys: [publicJwk] }),
  };
}

function invalid(message: string): Verified {
  return { ok: false, reason: 'invalid', message };
}
