import 'server-only';
import { isAuthRetryableFetchError } from '@supabase/supabase-js';
import { ApiError, unauthorized } from '@/lib/http/errors';
import type { AppUser } from '@/lib/billing/current-user';
import { createAdminClient } from './admin';
import type { RequestSession } from './request-session';

/**
 * The signed-in user, confirmed by Supabase Auth itself (GET /user, one call). Signing out (or
 * deleting the account) ends the session at Auth, but an access token already issued stays
 * valid until it expires, and the local check only looks at the token: where money moves, ask
 * Auth whether the session still exists.
 */
export async function confirmUserWithAuth(caller: RequestSession, user: AppUser): Promise<AppUser> {
  const token = await caller.accessToken();
  if (!token) throw unauthorized();
  const { data, error } = await createAdminClient().auth.getUser(token);
  if (error && isAuthRetryableFetchError(error)) throw new ApiError(503, 'Authentication is unavailable, try again shortly', { cause: error });
  if (error || data.user?.id !== user.id) throw unauthorized();
  return { id: data.user.id, email: data.user.email ?? user.email };
}
