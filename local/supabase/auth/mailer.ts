// Sending GoTrue's confirmation and recovery mail (supabase/auth internal/api/mail.go
// sendConfirmation, sendPasswordRecovery, sendEmail, validateSentWithinFrequencyLimit): the
// per-user gap of `max_frequency`, the project's hourly budget, a fresh token that kills the
// previous link, and the message handed to the inbox — HTML only, from the CLI's sender.
import type { StandInContext, TransactionSql } from '../types.ts';
import { confirmationTemplate, DEFAULT_RECOVERY, renderTemplate, verifyLink, type EmailTemplate } from './email-templates.ts';
import { AuthError } from './errors.ts';
import { newOtp, storeToken, tokenHash, type FlowType, type TokenKind } from './one-time-tokens.ts';

/** The CLI's SMTP sender for its Mailpit ([local_smtp] admin_email / sender_name defaults). */
export const SENDER = { Name: 'Admin', Address: 'admin@email.com' };

export interface MailUser {
  id: string;
  email: string;
  sentAt: Date | null;
  userMetadata?: Record<string, unknown>;
}

function checkFrequency(sentAt: Date | null, maxFrequencySeconds: number): void {
  if (!sentAt) return;
  const leftMs = sentAt.getTime() + maxFrequencySeconds * 1000 - Date.now();
  if (leftMs > 0) {
    // GoTrue truncates to whole seconds, so a "1s" gap can read "after 0 seconds".
    throw new AuthError(429, 'over_email_send_rate_limit', `For security purposes, you can only request this after ${Math.trunc(leftMs / 1000)} seconds.`);
  }
}

async function send(
  ctx: StandInContext,
  tx: TransactionSql,
  user: MailUser,
  mail: { kind: TokenKind; type: 'signup' | 'recovery'; template: EmailTemplate; flow: FlowType; redirectTo: string },
): Promise<void> {
  checkFrequency(user.sentAt, ctx.auth.maxFrequencySeconds);
  const otp = newOtp(ctx.auth.otpLength);
  const hash = tokenHash(user.email, otp, mail.flow);
  if (!ctx.limits.allowEmail(ctx.auth.confirmations)) throw new AuthError(429, 'over_email_send_rate_limit', 'email rate limit exceeded');
  const data = {
    SiteURL: ctx.auth.siteUrl,
    ConfirmationURL: verifyLink(`${ctx.url()}/auth/v1/verify`, hash, mail.type, mail.redirectTo),
    Email: user.email,
    Token: otp,
    TokenHash: hash,
    RedirectTo: mail.redirectTo,
  };
  // Sent inside the caller's transaction, as GoTrue does: a later failure rolls the rows back,
  // but the mail has gone.
  ctx.mailer?.deliver({
    from: SENDER,
    to: [{ Name: '', Address: user.email }],
    subject: renderTemplate(mail.template.subject, data),
    html: renderTemplate(mail.template.body, data),
  });
  await storeToken(tx, user, mail.kind, hash);
}

export function sendConfirmation(ctx: StandInContext, tx: TransactionSql, user: MailUser, flow: FlowType, redirectTo: string) {
  const template = confirmationTemplate(ctx.auth.emailLinks, ctx.auth.confirmationTemplateFile);
  return send(ctx, tx, user, { kind: 'confirmation_token', type: 'signup', template, flow, redirectTo });
}

export function sendRecovery(ctx: StandInContext, tx: TransactionSql, user: MailUser, flow: FlowType, redirectTo: string) {
  return send(ctx, tx, user, { kind: 'recovery_token', type: 'recovery', template: DEFAULT_RECOVERY, flow, redirectTo });
}
