// Email link tokens as GoTrue keeps them (supabase/auth internal/crypto/crypto.go GenerateOtp,
// GenerateTokenHash; internal/api/pkce.go addFlowPrefixToToken; internal/models/one_time_token.go):
// a 6-digit OTP, its hash sha224(email + otp) in hex — with a `pkce_` prefix for PKCE flows — on
// the user row and in auth.one_time_tokens, one live token per user and kind.
import { createHash, randomInt } from 'node:crypto';
import type { TransactionSql } from '../types.ts';

export type TokenKind = 'confirmation_token' | 'recovery_token';
export type FlowType = 'pkce' | 'implicit';

const USER_COLUMN = { confirmation_token: 'confirmation', recovery_token: 'recovery' } as const;

export function newOtp(digits: number): string {
  return String(randomInt(10 ** digits)).padStart(digits, '0');
}

export function tokenHash(email: string, otp: string, flow: FlowType): string {
  const hash = createHash('sha224').update(email + otp).digest('hex');
  return flow === 'pkce' ? `pkce_${hash}` : hash;
}

/** Stores `hash` as the user's live token of `kind` (the previous one dies) and stamps *_sent_at. */
export async function storeToken(tx: TransactionSql, user: { id: string; email: string }, kind: TokenKind, hash: string): Promise<void> {
  const column = USER_COLUMN[kind];
  await tx.query(`update auth.users set ${column}_token = $1, ${column}_sent_at = now() where id = $2`, [hash, user.id]);
  await tx`delete from auth.one_time_tokens where user_id = ${user.id} and token_type = ${kind}::auth.one_time_token_type`;
  await tx`
    insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to)
    values (${crypto.randomUUID()}, ${user.id}, ${kind}::auth.one_time_token_type, ${hash}, ${user.email.toLowerCase()})`;
}

/** The user a live token belongs to, and which kind it is (FindUserByConfirmationOrRecoveryToken). */
export async function findToken(tx: TransactionSql, hash: string, kinds: TokenKind[]): Promise<{ userId: string; kind: TokenKind } | null> {
  const [row] = await tx`
    select user_id, token_type::text as kind from auth.one_time_tokens
    where token_hash = ${hash} and token_type::text = any(${kinds}::text[]) limit 1`;
  return row ? { userId: row.user_id, kind: row.kind } : null;
}

export async function clearTokens(tx: TransactionSql, userId: string): Promise<void> {
  await tx`delete from auth.one_time_tokens where user_id = ${userId}`;
}
