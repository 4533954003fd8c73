// The user row as the email-link flows read and change it (supabase/auth internal/models/user.go
// FindUserByEmailAndAudience, Confirm, Recover; internal/api/verify.go signupVerify).
import type { Sql, TransactionSql } from '../types.ts';

type Db = Sql | TransactionSql;

export interface UserRow {
  id: string;
  email: string;
  confirmed: boolean;
  banned: boolean;
  confirmation_sent_at: Date | null;
  recovery_sent_at: Date | null;
  confirmation_token: string;
  recovery_token: string;
}

/** FindUserByEmailAndAudience (confirmed or not). */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db<UserRow>`
    select id, email, email_confirmed_at is not null as confirmed, coalesce(banned_until > now(), false) as banned,
      confirmation_sent_at, recovery_sent_at, coalesce(confirmation_token, '') as confirmation_token,
      coalesce(recovery_token, '') as recovery_token
    from auth.users where lower(email) = ${email} and deleted_at is null`;
  return row ?? null;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db<{ email: string }>`select email from auth.users where id = ${id} and deleted_at is null`;
  return row ? findUserByEmail(db, row.email.toLowerCase()) : null;
}

/** user.Confirm: confirmed now, the link token gone (every one-time token with it), email_verified set. */
export async function confirmUser(tx: TransactionSql, id: string): Promise<void> {
  await tx`
    update auth.users set email_confirmed_at = now(), confirmation_token = '', updated_at = now(),
      raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb
    where id = ${id}`;
  await tx`delete from auth.one_time_tokens where user_id = ${id}`;
}

/** signupVerify also marks the email identity verified. */
export async function verifyEmailIdentity(tx: TransactionSql, id: string): Promise<void> {
  await tx`
    update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb, updated_at = now()
    where user_id = ${id} and provider = 'email'
      and email = (select lower(email) from auth.users where id = ${id})`;
}

/** user.Recover: the recovery token and every one-time token gone. */
export async function clearRecovery(tx: TransactionSql, id: string): Promise<void> {
  await tx`update auth.users set recovery_token = '', updated_at = now() where id = ${id}`;
  await tx`delete from auth.one_time_tokens where user_id = ${id}`;
}
