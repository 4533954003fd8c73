// PKCE as GoTrue runs it (supabase/auth internal/api/pkce.go, internal/models/flow_state.go,
// internal/security/pkce.go, internal/api/token.go PKCE): a flow_state row per sign-up, resend
// or recovery holding the client's code challenge and an auth code; /verify hands out the auth
// code of the user's newest row; /token?grant_type=pkce trades it, with the verifier, for a
// session — once, within 5 minutes of the row's creation.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Sql, TransactionSql } from '../types.ts';
import { AuthError, validationFailed } from './errors.ts';
import type { AuthMethod } from './sessions.ts';

/** GOTRUE_EXTERNAL_FLOW_STATE_EXPIRY_DURATION's default, which is also its minimum. */
export const FLOW_STATE_EXPIRY_SECONDS = 300;

export interface PkceParams {
  challenge: string;
  method: string;
}

/** validatePKCEParams: both or neither; a challenge of 43–128 URL-safe characters. */
export function pkceParams(body: Record<string, unknown>): PkceParams | null {
  const challenge = typeof body.code_challenge === 'string' ? body.code_challenge : '';
  const method = typeof body.code_challenge_method === 'string' ? body.code_challenge_method : '';
  if ((challenge === '') !== (method === '')) throw validationFailed('PKCE flow requires code_challenge_method and code_challenge');
  if (!challenge) return null;
  if (challenge.length < 43 || challenge.length > 128) throw validationFailed('code challenge has to be between 43 and 128 characters');
  if (!/^[a-zA-Z._~0-9-]+$/.test(challenge)) {
    throw validationFailed('code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes');
  }
  return { challenge, method };
}

export async function createFlowState(
  tx: TransactionSql | Sql,
  params: PkceParams,
  flow: { userId: string; providerType: string; authMethod: AuthMethod },
): Promise<void> {
  const method = params.method.toLowerCase();
  // NewFlowState normalises the method; anything but s256/plain fails the request (a 500 in GoTrue).
  if (method !== 's256' && method !== 'plain') throw new Error(`unsupported code_challenge method "${params.method}"`);
  await tx`
    insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
      provider_access_token, provider_refresh_token, authentication_method, created_at, updated_at)
    values (${crypto.randomUUID()}, ${flow.userId}, ${crypto.randomUUID()}, ${method}::auth.code_challenge_method,
      ${params.challenge}, ${flow.providerType}, '', '', ${flow.authMethod}, now(), now())`;
}

/** issueAuthCode: the user's newest flow of this method, stamped as issued; its auth code. */
export async function issueAuthCode(tx: TransactionSql, userId: string, authMethod: AuthMethod): Promise<string> {
  const [row] = await tx`
    select id, auth_code, code_challenge from auth.flow_state
    where user_id = ${userId} and authentication_method = ${authMethod}
    order by created_at desc, id desc limit 1`;
  if (!row) throw new AuthError(422, 'flow_state_not_found', 'No valid flow state found for user.');
  if (!row.code_challenge) throw new AuthError(422, 'flow_state_not_found', 'Flow state does not have an auth code (not a PKCE flow).');
  await tx`update auth.flow_state set auth_code_issued_at = now(), updated_at = now() where id = ${row.id}`;
  return row.auth_code;
}

function verifierMatches(challenge: string, method: string, verifier: string): boolean {
  const expected = method.toLowerCase() === 's256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(challenge);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The PKCE grant's checks, in GoTrue's order: known code, not expired, right verifier. A wrong
 * verifier leaves the row in place; only a successful exchange (the caller's transaction) deletes it.
 */
export async function redeemAuthCode(tx: TransactionSql, authCode: string, verifier: string): Promise<{ userId: string; authMethod: AuthMethod }> {
  if (!authCode || !verifier) throw validationFailed('invalid request: both auth code and code verifier should be non-empty');
  const [row] = await tx`
    select id, user_id, code_challenge, code_challenge_method::text as method, authentication_method,
      (case when authentication_method = 'magiclink' and auth_code_issued_at is not null then auth_code_issued_at else created_at end)
        < now() - make_interval(secs => ${FLOW_STATE_EXPIRY_SECONDS}) as expired
    from auth.flow_state where auth_code = ${authCode} limit 1 for update`;
  if (!row || !row.user_id) throw new AuthError(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
  if (row.expired) throw new AuthError(422, 'flow_state_expired', 'invalid flow state, flow state has expired');
  if (!verifierMatches(row.code_challenge ?? '', row.method ?? '', verifier)) {
    throw new AuthError(400, 'bad_code_verifier', 'code challenge does not match previously saved code verifier');
  }
  await tx`delete from auth.flow_state where id = ${row.id}`;
  return { userId: row.user_id, authMethod: row.authentication_method };
}
