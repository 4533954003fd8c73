// POST /signup (supabase/auth internal/api/signup.go Signup, sanitizeUser; api.go's route
// wrapper). With confirmations off (the CLI default) a new user gets a session. With them on
// (hosted projects' default) the answer is the bare user and a confirmation mail, and an email
// that already has a confirmed account gets a look-alike user with no identities instead of an
// error, so sign-up does not reveal who is registered; an unconfirmed one gets the mail again.
import type { Hono } from 'hono';
import type { AppEnv, StandInContext } from '../types.ts';
import { AuthError, isObject, readJson, validationFailed } from './errors.ts';
import { createFlowState, pkceParams } from './flow-state.ts';
import { sendConfirmation } from './mailer.ts';
import { referrer } from './redirects.ts';
import { sessionResponse, startSession } from './sessions.ts';
import { confirmUser, findUserByEmail } from './user-rows.ts';
import { checkPasswordStrength, fakeUser, insertUser, loadUser, normalizeEmail, recordSignIn } from './users.ts';

export function signupRoute(app: Hono<AppEnv>, ctx: StandInContext): void {
  const sql = ctx.authSql;
  app.post('/signup', async (c) => {
    const body = await readJson(c);
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    if (!text('email') && !text('phone')) throw new AuthError(422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
    ctx.limits.take(c, 'signups');
    if (!text('password')) throw validationFailed('Signup requires a valid password');
    const password = checkPasswordStrength(text('password'), ctx.minimumPasswordLength);
    if (text('email') && text('phone')) throw validationFailed('Only an email address or phone number should be provided on signup.');
    const pkce = pkceParams(body);
    if (!text('email')) throw validationFailed('Sign up only available with email provider');
    const email = normalizeEmail(text('email'));
    const data = isObject(body.data) ? body.data : {};
    const redirectTo = referrer(c, ctx.auth);
    const confirmations = ctx.auth.confirmations;

    const existing = await findUserByEmail(sql, email);
    if (existing?.confirmed) {
      if (!confirmations) throw new AuthError(422, 'user_already_exists', 'User already registered');
      const real = await loadUser(sql, existing.id);
      if (real) return c.json(fakeUser(real, data));
    }

    const outcome = await sql.begin(async (tx) => {
      // An unconfirmed account is reused as it is: GoTrue cannot be sure who is signing up, so it
      // changes neither the password nor the metadata.
      const id =
        existing?.id ??
        (await insertUser(tx, { email, password, emailConfirmed: !confirmations, userMetadata: data }, () =>
          new AuthError(422, 'user_already_exists', 'User already registered')));
      if (!confirmations) {
        if (existing) await confirmUser(tx, id);
        await recordSignIn(tx, id);
        return { grant: await startSession(tx, id), id };
      }
      if (pkce) await createFlowState(tx, pkce, { userId: id, providerType: 'email', authMethod: 'email/signup' });
      await sendConfirmation(ctx, tx, { id, email, sentAt: existing?.confirmation_sent_at ?? null }, pkce ? 'pkce' : 'implicit', redirectTo);
      return { grant: undefined, id };
    });
    if (outcome.grant) return c.json(await sessionResponse(ctx, outcome.grant));
    return c.json(await loadUser(sql, outcome.id));
  });
}
