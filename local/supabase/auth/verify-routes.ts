// GET /verify (the link in the email) and POST /verify (verifyOtp) — supabase/auth
// internal/api/verify.go Verify, verifyGet, verifyPost, prepErrorRedirectURL,
// prepPKCERedirectURL; internal/tokens/service.go AsRedirectURL. GET always answers 303: with
// a PKCE token (`pkce_…`) to redirect_to?code=<auth code>, no session yet; with an implicit
// one to redirect_to#access_token=…; a failure inside the transaction to redirect_to with
// error, error_code and error_description (in the query too for PKCE). POST answers a session.
import type { Context, Hono } from 'hono';
import type { AppEnv, StandInContext } from '../types.ts';
import { AuthError, readJson, validationFailed } from './errors.ts';
import { issueAuthCode } from './flow-state.ts';
import { referrer } from './redirects.ts';
import { sessionResponse, startSession, type AuthMethod, type SessionGrant } from './sessions.ts';
import { recordSignIn } from './users.ts';
import { applyVerification, verifyTokenHash } from './verification.ts';

/** oauthErrorMap in errors.go: the OAuth `error` for a status. */
const OAUTH_ERRORS: Record<number, string> = { 400: 'invalid_request', 401: 'unauthorized_client', 403: 'access_denied', 500: 'server_error', 503: 'temporarily_unavailable' };

/** models.ParseAuthenticationMethod for the link types; anything else fails before the transaction. */
function authMethodOf(type: string): AuthMethod {
  if (type.endsWith('signup')) return 'email/signup';
  if (type === 'recovery') return 'recovery';
  // A plain error in GoTrue, so its generic 500.
  throw new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information');
}

/** url.Values.Encode: keys sorted, values form-encoded. */
const encodeSorted = (values: URLSearchParams) => {
  values.sort();
  return values.toString();
};

function errorRedirect(redirectTo: string, error: AuthError, pkce: boolean): string {
  const url = new URL(redirectTo);
  const details = new URLSearchParams();
  const oauth = OAUTH_ERRORS[error.status];
  if (oauth) details.set('error', oauth);
  details.set('error_code', error.errorCode);
  details.set('error_description', error.message);
  if (pkce) {
    // Merged into the link's own query, overriding any error params it carried.
    for (const [key, value] of details) url.searchParams.set(key, value);
    url.search = encodeSorted(url.searchParams);
  }
  details.set('sb', '');
  url.hash = encodeSorted(details);
  return url.href;
}

export function verifyRoutes(app: Hono<AppEnv>, ctx: StandInContext): void {
  const sql = ctx.authSql;
  app.use('/verify', async (c, next) => {
    ctx.limits.take(c, 'verify');
    await next();
  });

  app.get('/verify', async (c: Context) => {
    const token = c.req.query('token') ?? '';
    const type = c.req.query('type') ?? '';
    const redirectTo = referrer(c, ctx.auth);
    if (!type) throw validationFailed('Verify requires a verification type');
    if (!token) throw validationFailed('Verify requires a token or a token hash');
    const pkce = token.startsWith('pkce_');
    const authMethod = pkce ? authMethodOf(type) : undefined;
    let result: { code: string } | { grant: SessionGrant };
    try {
      result = await sql.begin(async (tx) => {
        const verified = await verifyTokenHash(ctx, tx, type, token);
        await applyVerification(tx, verified);
        if (!authMethod) {
          await recordSignIn(tx, verified.user.id);
          return { grant: await startSession(tx, verified.user.id, 'otp') };
        }
        try {
          return { code: await issueAuthCode(tx, verified.user.id, authMethod) };
        } catch (error) {
          // Rolls the confirmation back with it: no flow state, no confirmed address.
          if (error instanceof AuthError) throw new AuthError(400, 'flow_state_not_found', `No associated flow state found. ${error.message}`);
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof AuthError) return c.redirect(errorRedirect(redirectTo, error, pkce), 303);
      throw error;
    }
    if ('code' in result) {
      const url = new URL(redirectTo);
      url.searchParams.set('code', result.code);
      url.search = encodeSorted(url.searchParams);
      return c.redirect(url.href, 303);
    }
    const session = await sessionResponse(ctx, result.grant);
    const fragment = new URLSearchParams({
      access_token: session.access_token, expires_at: String(session.expires_at), expires_in: String(session.expires_in),
      refresh_token: session.refresh_token, sb: '', token_type: 'bearer', type,
    });
    // Appended as is, even after a fragment redirect_to already had.
    return c.redirect(`${redirectTo}#${encodeSorted(fragment)}`, 303);
  });

  app.post('/verify', async (c) => {
    const body = await readJson(c);
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const type = text('type');
    const [token, hash] = [text('token'), text('token_hash')];
    if (!type) throw validationFailed('Verify requires a verification type');
    if ((token === '') === (hash === '')) throw validationFailed('Verify requires either a token or a token hash');
    if (hash && (text('email') || text('phone') || text('redirect_to'))) throw validationFailed('Only the token_hash and type should be provided');
    // The 6-digit code ({email, token}) is GoTrue's too; no template here shows it, so only the hash is verified.
    if (token) throw validationFailed('The Supabase stand-in verifies email links by token_hash only, not by code');
    const grant = await sql.begin(async (tx) => {
      const verified = await verifyTokenHash(ctx, tx, type, hash);
      await applyVerification(tx, verified);
      await recordSignIn(tx, verified.user.id);
      return startSession(tx, verified.user.id, 'otp');
    });
    return c.json(await sessionResponse(ctx, grant));
  });
}

