// GoTrue's checks on the bearer of /user, /logout and /admin, in GoTrue's order and words.
import type { Claims, StandInContext } from '../types.ts';
import { AuthError, badJwt, notAdmin } from './errors.ts';
import { sessionExists } from './sessions.ts';
import { loadUser } from './users.ts';
import type { UserJson } from './users.ts';

export async function verifiedClaims(ctx: StandInContext, bearer: string): Promise<Claims> {
  if (!bearer) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const verified = await ctx.tokens.verify(bearer);
  if (!verified.ok) throw badJwt(verified.reason === 'expired' ? 'token has invalid claims: token is expired' : verified.message);
  return verified.claims;
}

export async function currentUser(ctx: StandInContext, bearer: string): Promise<{ claims: Claims; user: UserJson }> {
  const claims = await verifiedClaims(ctx, bearer);
  if (!claims.sub) throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  if (claims.session_id && !(await sessionExists(ctx.authSql, claims.session_id))) {
    throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
  }
  const user = await loadUser(ctx.authSql, claims.sub);
  if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  return { claims, user };
}

export async function requireAdmin(ctx: StandInContext, bearer: string): Promise<void> {
  const claims = await verifiedClaims(ctx, bearer);
  if (claims.role !== 'service_role' && claims.role !== 'supabase_admin') throw notAdmin();
}
