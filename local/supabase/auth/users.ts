// auth.users and auth.identities, in GoTrue's column layout, and the user JSON GoTrue returns.
// Passwords are hashed and checked by pgcrypto in SQL, exactly like rows a seed file inserts.
import type { Sql, TransactionSql } from '../types.ts';
import { AuthError, validationFailed, weakPassword } from './errors.ts';

type Db = Sql | TransactionSql;
type Json = Record<string, unknown>;

export interface UserJson {
  id: string;
  aud: string;
  role: string;
  email: string;
  phone: string;
  app_metadata: Json;
  user_metadata: Json;
  is_anonymous: boolean;
  [key: string]: unknown;
}

export interface NewUser {
  email: string;
  password?: string;
  emailConfirmed: boolean;
  userMetadata?: Json;
  appMetadata?: Json;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw validationFailed('To signup, please provide your email');
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email)) throw validationFailed('Unable to validate email address: invalid format');
  return email;
}

export function checkPasswordStrength(password: unknown, minimum: number): string {
  if (typeof password !== 'string' || password.length < minimum) throw weakPassword(minimum);
  return password;
}

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

export async function loadUser(db: Db, id: string): Promise<UserJson | null> {
  const [u] = await db`select * from auth.users where id = ${id} and deleted_at is null`;
  if (!u) return null;
  const identities = await db`select * from auth.identities where user_id = ${id} order by created_at`;
  return {
    id: u.id,
    aud: u.aud ?? 'authenticated',
    role: u.role ?? 'authenticated',
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? '',
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.confirmed_at),
    recovery_sent_at: iso(u.recovery_sent_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: identities.map((i) => ({
      identity_id: i.id,
      id: i.provider_id,
      user_id: i.user_id,
      identity_data: i.identity_data,
      provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      email: i.email ?? undefined,
    })),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    is_anonymous: u.is_anonymous ?? false,
  };
}

/** Inserts the user and its email identity; `conflict` decides the error for a taken email. */
export async function insertUser(tx: TransactionSql, user: NewUser, conflict: () => AuthError): Promise<string> {
  const id = crypto.randomUUID();
  const identityData = { sub: id, email: user.email, email_verified: user.emailConfirmed, phone_verified: false };
  const appMetadata = { provider: 'email', providers: ['email'], ...user.appMetadata };
  // GoTrue copies the identity's claims into user_metadata next to what the client sent.
  const userMetadata = { ...user.userMetadata, ...identityData };
  try {
    await tx`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, is_anonymous)
      values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', ${user.email},
        case when ${user.password ?? null}::text is null then null
             else extensions.crypt(${user.password ?? null}::text, extensions.gen_salt('bf')) end,
        ${user.emailConfirmed ? new Date() : null}, ${JSON.stringify(appMetadata)}, ${JSON.stringify(userMetadata)}, false)`;
  } catch (error) {
    // The transaction is lost either way; a unique violation on the email is the caller's error.
    throw (error as { code?: string }).code === '23505' ? conflict() : error;
  }
  await tx`
    insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at)
    values (${id}, ${id}, ${JSON.stringify(identityData)}, 'email', now())`;
  return id;
}

/** The user's id when email and password match; pgcrypto re-hashes with the stored salt. */
export async function verifyPassword(db: Db, email: string, password: string): Promise<{ id: string; confirmed: boolean } | null> {
  const [row] = await db`
    select id, email_confirmed_at is not null as confirmed from auth.users
    where lower(email) = ${email} and deleted_at is null
      and encrypted_password is not null
      and encrypted_password = extensions.crypt(${password}::text, encrypted_password)`;
  return row ? { id: row.id, confirmed: row.confirmed } : null;
}

export async function recordSignIn(db: Db, id: string): Promise<void> {
  await db`update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${id}`;
  await db`update auth.identities set last_sign_in_at = now() where user_id = ${id}`;
}

/**
 * sanitizeUser: what sign-up answers for an email that already has a confirmed account while
 * confirmations are on — a user that looks new (random id, no identities) so the answer does
 * not tell who is registered. Fields GoTrue does not scrub stay as they were.
 */
export function fakeUser(real: UserJson, requestData: Json): UserJson {
  const now = new Date().toISOString();
  const scrubbed: UserJson = { ...real };
  for (const key of ['email_confirmed_at', 'confirmed_at', 'last_sign_in_at', 'email_change_sent_at', 'phone_confirmed_at']) delete scrubbed[key];
  return {
    ...scrubbed,
    id: crypto.randomUUID(),
    role: '',
    phone: '',
    created_at: now,
    updated_at: now,
    confirmation_sent_at: now,
    identities: [],
    user_metadata: requestData,
    app_metadata: { provider: 'email', providers: ['email'] },
    aud: 'authenticated',
  };
}
