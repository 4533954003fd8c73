// GoTrue's public endpoints: email + password, with or without email confirmation, PKCE, and
// the email links; sign-up, tokens, verification and mail each have a file of their own.
import { Hono } from 'hono';
import type { AppEnv, StandInContext } from '../types.ts';
import { currentUser } from './current-user.ts';
import { emailRoutes } from './email-routes.ts';
import { AuthError, isObject, readJson } from './errors.ts';
import { endSessions } from './sessions.ts';
import type { LogoutScope } from './sessions.ts';
import { signupRoute } from './signup-route.ts';
import { tokenRoute } from './token-route.ts';
import { checkPasswordStrength, loadUser, normalizeEmail } from './users.ts';
import { verifyRoutes } from './verify-routes.ts';

export function authRoutes(ctx: StandInContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const sql = ctx.authSql;

  signupRoute(app, ctx);
  tokenRoute(app, ctx);
  verifyRoutes(app, ctx);
  emailRoutes(app, ctx);

  app.get('/user', async (c) => c.json((await currentUser(ctx, c.get('bearer'))).user));

  app.put('/user', async (c) => {
    const { user } = await currentUser(ctx, c.get('bearer'));
    ctx.limits.take(c, 'user');
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

  app.get('/health', (c) => c.json({ version: 'stand-in', name: 'GoTrue', description: 'Offline GoTrue stand-in' }));
  app.get('/settings', (c) =>
    c.json({
      external: { email: true, phone: false, anonymous_users: false },
      disable_signup: false,
      mailer_autoconfirm: !ctx.auth.confirmations,
      phone_autoconfirm: false,
      sms_provider: '',
      saml_enabled: false,
    }),
  );

  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=600');
    return c.json(ctx.tokens.jwks());
  });
  return app;
}
