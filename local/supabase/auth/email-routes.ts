// POST /recover and POST /resend (supabase/auth internal/api/recover.go, resend.go): both
// answer 200 {} whether or not the address is known, so neither tells who is registered; a
// known address gets its mail, subject to max_frequency and the project's email budget.
import type { Hono } from 'hono';
import type { AppEnv, StandInContext } from '../types.ts';
import { AuthError, readJson, validationFailed } from './errors.ts';
import { createFlowState, pkceParams } from './flow-state.ts';
import { sendConfirmation, sendRecovery } from './mailer.ts';
import { referrer } from './redirects.ts';
import { findUserByEmail } from './user-rows.ts';
import { normalizeEmail } from './users.ts';

export function emailRoutes(app: Hono<AppEnv>, ctx: StandInContext): void {
  const sql = ctx.authSql;

  app.post('/recover', async (c) => {
    ctx.limits.take(c, 'recover');
    const body = await readJson(c);
    if (typeof body.email !== 'string' || body.email === '') throw validationFailed('Password recovery requires an email');
    const email = normalizeEmail(body.email);
    const pkce = pkceParams(body);
    const user = await findUserByEmail(sql, email);
    if (!user) return c.json({});
    // Outside the send's transaction, as GoTrue does: the flow state stays even if sending fails.
    if (pkce) await createFlowState(sql, pkce, { userId: user.id, providerType: 'recovery', authMethod: 'recovery' });
    await sql.begin((tx) =>
      sendRecovery(ctx, tx, { id: user.id, email: user.email, sentAt: user.recovery_sent_at }, pkce ? 'pkce' : 'implicit', referrer(c, ctx.auth)));
    return c.json({});
  });

  app.post('/resend', async (c) => {
    ctx.limits.take(c, 'resend');
    const body = await readJson(c);
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const type = text('type');
    if (!['signup', 'email_change', 'sms', 'phone_change'].includes(type)) {
      throw validationFailed('Missing one of these types: signup, email_change, sms, phone_change');
    }
    const pkce = type === 'signup' || type === 'email_change' ? pkceParams(body) : null;
    if (type === 'signup' && !text('email')) throw validationFailed('Type provided requires an email address');
    if (type === 'sms' && !text('phone')) throw validationFailed('Type provided requires a phone number');
    if (text('email') && text('phone')) throw validationFailed('Only an email address or phone number should be provided.');
    // [auth.sms] is disabled in config.toml, as in a fresh project.
    if (text('phone')) throw new AuthError(400, 'phone_provider_disabled', 'Phone logins are disabled');
    if (!text('email')) throw validationFailed('Missing email address or phone number');
    const user = await findUserByEmail(sql, normalizeEmail(text('email')));
    // Unknown, already confirmed, or (email_change) no change pending — which is always so here,
    // as the stand-in applies email changes at once: nothing to send, the same answer as a send.
    if (!user || type !== 'signup' || user.confirmed) return c.json({});
    await sql.begin(async (tx) => {
      if (pkce) await createFlowState(tx, pkce, { userId: user.id, providerType: 'email/signup', authMethod: 'email/signup' });
      await sendConfirmation(ctx, tx, { id: user.id, email: user.email, sentAt: user.confirmation_sent_at }, pkce ? 'pkce' : 'implicit', referrer(c, ctx.auth));
    });
    return c.json({});
  });
}
