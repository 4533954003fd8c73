import { isAuthRetryableFetchError, type SupabaseClient } from '@supabase/supabase-js';
import { ApiError, unauthorized } from '@/lib/http/errors';
import type { Database } from '@/lib/supabase/database.types';

export interface AppUser {
  id: string;
  email: string | undefined;
}

/**
 * The signed-in user, from a verified access token (getClaims checks the signature against
 * the project's JWKS, locally when the key is cached). Signed out or a bad token → 401; the
 * auth service unreachable → 503, since that says nothing about who is asking.
 */
export async function requireUser(supabase: SupabaseClient<Database>): Promise<AppUser> {
  const { data, error } = await supabase.auth.getClaims();
  if (error && isAuthRetryableFetchError(error)) {
    throw new ApiError(503, 'Authentication is unavailable, try again shortly', { cause: error });
  }
  const claims = data?.claims;
  if (!claims?.sub) throw unauthorized();
  return { id: claims.sub, email: typeof claims.email === 'string' ? claims.email : undefined };
}
