// GoTrue's public endpoints (email + password only; confirmations are off, like the CLI default).
import { Hono } from 'hono';
import type { AppEnv, StandInContext } from '../types.ts';
import { currentUser } from './current-user.ts';
import { AuthError, invalidCredentials, readJson } from './errors.ts';
import { endSessions, rotateRefreshToken, sessionResponse, startSession } from './sessions.ts';
import type { LogoutScope } from './sessions.ts';
import { checkPasswordStrength, insertUser, loadUser, normalizeEmail, recordSignIn, verifyPassword } from './users.ts';

export function authRoutes(ctx: StandInContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const sql = ctx.authSql;

  app.post('/signup', async (c) => {
    const body = await readJson(c);
    const email = normalizeEmail(body.email);
    const password = checkPasswordStrength(body.password, ctx.minimumPasswordLength);
    const metadata = isObject(body.data) ? body.data : {};
    const grant = await sql.begin(async (tx) => {
      const taken = () => new AuthError(422, 'user_already_exists', 'User already registered');
      const id = await insertUser(tx, { email, password, emailConfirmed: true, userMetadata: metadata }, taken);
      await tx`update auth.users set last_sign_in_at = now() where id = ${id}`;
      return startSession(tx, id);
    });
    return c.json(await sessionResponse(ctx, grant));
  });

  app.post('/token', async (c) => {
    const grantType = c.req.query('grant_type');
    const body = await readJson(c);
    if (grantType === 'password') {
      if (typeof body.email !== 'string' || typeof body.password !== 'string') throw invalidCredentials();
      const match = await verifyPassword(sql, body.email.trim().toLowerCase(), body.password);
      if (!match) throw invalidCredentials();
      if (!match.confirmed) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed');
      await recordSignIn(sql, match.id);
      return c.json(await sessionResponse(ctx, await startSession(sql, match.id)));
    }
    if (grantType === 'refresh_token') {
      if (typeof body.refresh_token !== 'string' || body.refresh_token === '') {
        throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      }
      const grant = await rotateRefreshToken(sql, body.refresh_token, ctx.refreshTokenReuseIntervalSeconds);
      return c.json(await sessionResponse(ctx, grant));
    }
    throw new AuthError(400, 'unsupported_grant_type', 'unsupported_grant_type');
  });

  app.get('/user', async (c) => c.json((await currentUser(ctx, c.get('bearer'))).user));

  app.put('/user', async (c) => {
    const { user } = await currentUser(ctx, c.get('bearer'));
    const body = await readJson(c);
    const password = body.password === undefined ? null : checkPasswordStrength(body.password, ctx.minimumPasswordLength);
    const email = body.email === undefined ? null : normalizeEmail(body.email);
    const data = isObject(body.data) ? body.data : null;
    try {
      await sql`
        update auth.users set
          encrypted_password = coalesce(extensions.crypt(${password}::text, extensions.gen_salt('bf')), encrypted_password),
          email = coalesce(${email}::text, email),
          raw_user_meta_data = raw_user_meta_data || coalesce(${data === null ? null : JSON.stringify(data)}::text::jsonb, '{}'),
          updated_at = now()
        where id = ${user.id}`;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
      throw error;
    }
    return c.json(await loadUser(sql, user.id));
  });

  app.post('/logout', async (c) => {
    const { claims, user } = await currentUser(ctx, c.get('bearer'));
    const scope = (c.req.query('scope') ?? 'global') as LogoutScope;
    if (!['global', 'local', 'others'].includes(scope)) throw new AuthError(400, 'validation_failed', 'Unsupported logout scope');
    await endSessions(sql, user.id, claims.session_id ?? '', scope);
    return c.body(null, 204);
  });

  // Email confirmation is off, so no token this stand-in could have sent is ever valid.
  const otpExpired = () => {
    throw new AuthError(403, 'otp_expired', 'Token has expired or is invalid');
  };
  app.post('/verify', otpExpired);
  app.get('/verify', otpExpired);

  app.get('/health', (c) => c.json({ version: 'stand-in', name: 'GoTrue', description: 'Offline GoTrue stand-in' }));
  app.get('/settings', (c) =>
    c.json({
      external: { email: true, phone: false, anonymous_users: false },
      disable_signup: false,
      mailer_autoconfirm: true,
      phone_autoconfirm: false,
      sms_provider: '',
      saml_enabled: false,
    }),
  );

  app.get('/.well-known/jwks.json', (c) => c.json(ctx.tokens.jwks()));
  return app;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
