// The API keys and signing keys of the offline stack, following the Supabase CLI's local
// conventions so that an app configured from `supabase status -o env` works against both
// `supabase start` and this stack. These are the CLI's well-known public demo values: they
// protect nothing and must never be used for a hosted project.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
export const LOCAL_PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH';
export const LOCAL_SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz';

export interface LocalKeys {
  jwtSecret: string;
  publishableKey: string;
  secretKey: string;
  /** Legacy HS256 JWTs, as `supabase status` prints ANON_KEY and SERVICE_ROLE_KEY. */
  anonKey: string;
  serviceRoleKey: string;
}

/** ES256 key pair that signs user access tokens; the public half is served as JWKS. */
export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function legacyKey(role: 'anon' | 'service_role'): Promise<string> {
  // Same claims as the CLI's demo keys, so the same strings come out.
  return new SignJWT({ iss: 'supabase-demo', role, exp: 1983812996 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(LOCAL_JWT_SECRET));
}

export async function localKeys(): Promise<LocalKeys> {
  return {
    jwtSecret: LOCAL_JWT_SECRET,
    publishableKey: LOCAL_PUBLISHABLE_KEY,
    secretKey: LOCAL_SECRET_KEY,
    anonKey: await legacyKey('anon'),
    serviceRoleKey: await legacyKey('service_role'),
  };
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = crypto.randomUUID();
  const base = { kid, alg: 'ES256', use: 'sig' };
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), ...base },
    publicJwk: { ...(await exportJWK(publicKey)), ...base, key_ops: ['verify'] },
  };
}

/** Keeps the dev stack's signing key across restarts, so existing sessions stay valid. */
export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as SigningKey;
  const key = await createSigningKey();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}
