// auth.sessions + auth.refresh_tokens with GoTrue's rotation rules: every refresh revokes the
// token it used; a revoked token is accepted again only inside the reuse interval, otherwise
// the whole session is revoked (possible token theft) and the caller gets refresh_token_already_used.
import { randomBytes } from 'node:crypto';
import type { Sql, StandInContext, TransactionSql } from '../types.ts';
import { AuthError } from './errors.ts';
import { loadUser } from './users.ts';
import type { UserJson } from './users.ts';

type Db = Sql | TransactionSql;

export interface SessionGrant {
  userId: string;
  sessionId: string;
  refreshToken: string;
  /** How and when (seconds) the user signed in: the amr claim, which survives refreshes. */
  amr: { method: AuthMethod; timestamp: number };
}

/** GoTrue's models.AuthenticationMethod values this stand-in issues sessions for. */
export type AuthMethod = 'password' | 'otp' | 'email/signup' | 'recovery';

export type LogoutScope = 'global' | 'local' | 'others';

const newToken = () => randomBytes(16).toString('base64url');
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export async function startSession(tx: Db, userId: string, method: AuthMethod = 'password'): Promise<SessionGrant> {
  const [session] = await tx`insert into auth.sessions (user_id) values (${userId}) returning id, created_at`;
  if (!session) throw new Error('session insert returned nothing');
  await tx`
    insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method)
    values (${session.id}, ${session.created_at}, ${session.created_at}, ${method})`;
  const refreshToken = newToken();
  await tx`insert into auth.refresh_tokens (token, user_id, session_id) values (${refreshToken}, ${userId}, ${session.id})`;
  return { userId, sessionId: session.id, refreshToken, amr: { method, timestamp: epoch(session.created_at) } };
}

export async function rotateRefreshToken(sql: Sql, token: string, reuseIntervalSeconds: number): Promise<SessionGrant> {
  const outcome = await sql.begin(async (tx) => {
    const [row] = await tx`
      select rt.id, rt.user_id, rt.revoked, rt.session_id, s.created_at as session_created,
             rt.updated_at > now() - make_interval(secs => ${reuseIntervalSeconds}) as reusable,
             (select authentication_method from auth.mfa_amr_claims a where a.session_id = s.id
              order by a.created_at limit 1) as amr_method
      from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id
      where rt.token = ${token} for update of rt`;
    if (!row) return 'not_found' as const;
    const grant = (refreshToken: string): SessionGrant => ({
      userId: row.user_id, sessionId: row.session_id, refreshToken,
      amr: { method: row.amr_method ?? 'password', timestamp: epoch(row.session_created) },
    });
    await tx`update auth.sessions set updated_at = now() where id = ${row.session_id}`;

    if (row.revoked) {
      if (!row.reusable) {
        await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = ${row.session_id}`;
        return 'already_used' as const;
      }
      // A client that lost the answer to its refresh gets the token that answer carried.
      const [active] = await tx`
        select token, parent from auth.refresh_tokens
        where session_id = ${row.session_id} and not revoked order by id desc limit 1`;
      if (active && active.parent === token) return grant(active.token);
    } else {
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${row.id}`;
    }
    const next = newToken();
    await tx`
      insert into auth.refresh_tokens (token, user_id, parent, session_id)
      values (${next}, ${row.user_id}, ${token}, ${row.session_id})`;
    return grant(next);
  });
  // Thrown after commit so that revoking the session on reuse sticks.
  if (outcome === 'not_found') throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  if (outcome === 'already_used') throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  return outcome;
}

export async function sessionExists(db: Db, sessionId: string): Promise<boolean> {
  const [row] = await db`select 1 from auth.sessions where id = ${sessionId}`;
  return row !== undefined;
}

/** Refresh tokens go with their sessions (on delete cascade). */
export async function endSessions(db: Db, userId: string, sessionId: string, scope: LogoutScope): Promise<void> {
  if (scope === 'local') await db`delete from auth.sessions where id = ${sessionId}`;
  else if (scope === 'others') await db`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  else await db`delete from auth.sessions where user_id = ${userId}`;
}

export async function signAccessToken(ctx: StandInContext, user: UserJson, grant: SessionGrant) {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ctx.accessTokenTtlSeconds;
  const token = await ctx.tokens.sign({
    iss: `${ctx.url()}/auth/v1`,
    sub: user.id,
    aud: 'authenticated',
    exp,
    iat,
    email: user.email,
    phone: user.phone,
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
    role: 'authenticated',
    aal: 'aal1',
    amr: [grant.amr],
    session_id: grant.sessionId,
    is_anonymous: user.is_anonymous,
  });
  return { token, exp };
}

/** The session JSON of /token and /signup: a fresh access token plus the user. */
export async function sessionResponse(ctx: StandInContext, grant: SessionGrant) {
  const user = await loadUser(ctx.authSql, grant.userId);
  if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  const { token, exp } = await signAccessToken(ctx, user, grant);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: ctx.accessTokenTtlSeconds,
    expires_at: exp,
    refresh_token: grant.refreshToken,
    user,
  };
}
