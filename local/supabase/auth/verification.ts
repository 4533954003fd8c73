// What GoTrue checks and changes when an email link or code is used (supabase/auth
// internal/api/verify.go verifyTokenHash, verifyUserAndToken, isOtpValid, signupVerify,
// recoverVerify): the token must be live and younger than `otp_expiry`; confirming clears every
// one-time token of the user, so a second click finds nothing.
import type { StandInContext, TransactionSql } from '../types.ts';
import { AuthError, validationFailed } from './errors.ts';
import { findToken, type TokenKind } from './one-time-tokens.ts';
import { clearRecovery, confirmUser, findUserById, verifyEmailIdentity, type UserRow } from './user-rows.ts';

/** The email types a token hash can verify, and the one-time tokens each looks in. */
const KINDS: Record<string, TokenKind[]> = {
  email: ['confirmation_token', 'recovery_token'],
  signup: ['confirmation_token'],
  invite: ['confirmation_token'],
  recovery: ['recovery_token'],
  magiclink: ['recovery_token'],
};

const linkExpired = () => new AuthError(403, 'otp_expired', 'Email link is invalid or has expired');
const banned = () => new AuthError(403, 'user_banned', 'User is banned');

function expired(sentAt: Date | null, ctx: StandInContext): boolean {
  return !sentAt || Date.now() > sentAt.getTime() + ctx.auth.otpExpirySeconds * 1000;
}

export interface Verified {
  user: UserRow;
  /** `email` resolved to what the token turned out to be: `signup` or `magiclink`. */
  type: string;
}

export async function verifyTokenHash(ctx: StandInContext, tx: TransactionSql, type: string, hash: string): Promise<Verified> {
  const kinds = KINDS[type];
  // GoTrue's own wording; email_change is not modelled by the stand-in, so it lands here too.
  if (!kinds) throw validationFailed('Invalid email verification type');
  const token = await findToken(tx, hash, kinds);
  const user = token && (await findUserById(tx, token.userId));
  if (!user) throw linkExpired();
  if (user.banned) throw banned();
  let resolved = type;
  let sentAt = kinds[0] === 'recovery_token' ? user.recovery_sent_at : user.confirmation_sent_at;
  if (type === 'email') {
    resolved = user.recovery_token === hash ? 'magiclink' : 'signup';
    sentAt = resolved === 'magiclink' ? user.recovery_sent_at : user.confirmation_sent_at;
  }
  if (expired(sentAt, ctx)) throw linkExpired();
  return { user, type: resolved };
}

/** signupVerify / recoverVerify: confirm the address; a recovery also spends its token. */
export async function applyVerification(tx: TransactionSql, { user, type }: Verified): Promise<void> {
  if (type === 'signup' || type === 'invite') {
    await confirmUser(tx, user.id);
    await verifyEmailIdentity(tx, user.id);
    return;
  }
  await clearRecovery(tx, user.id);
  // Following a recovery link proves the address too.
  if (!user.confirmed) await confirmUser(tx, user.id);
}
