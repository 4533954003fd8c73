// POST /token (supabase/auth internal/api/token.go Token, ResourceOwnerPasswordGrant,
// RefreshTokenGrant, PKCE): one rate limiter, token_refresh, guards every grant — password
// sign-ins included — and counts only once the grant type is known.
import type { Hono } from 'hono';
import type { AppEnv, StandInContext } from '../types.ts';
import { AuthError, invalidCredentials, readJson } from './errors.ts';
import { redeemAuthCode } from './flow-state.ts';
import { rotateRefreshToken, sessionResponse, startSession } from './sessions.ts';
import { recordSignIn, verifyPassword } from './users.ts';

const GRANTS = new Set(['password', 'refresh_token', 'pkce']);

export function tokenRoute(app: Hono<AppEnv>, ctx: StandInContext): void {
  const sql = ctx.authSql;
  app.post('/token', async (c) => {
    const grantType = c.req.query('grant_type') ?? '';
    // GoTrue's code for an unknown grant is invalid_credentials, its message the OAuth error.
    if (!GRANTS.has(grantType)) throw new AuthError(400, 'invalid_credentials', 'unsupported_grant_type');
    ctx.limits.take(c, 'token');
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

    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const grant = await sql.begin(async (tx) => {
      const flow = await redeemAuthCode(tx, text('auth_code'), text('code_verifier'));
      await recordSignIn(tx, flow.userId);
      return startSession(tx, flow.userId, flow.authMethod);
    });
    return c.json(await sessionResponse(ctx, grant));
  });
}
