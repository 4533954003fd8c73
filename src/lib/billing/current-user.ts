import { ApiError, unauthorized } from '@/lib/http/errors';
import type { ClaimsResult } from '@/lib/supabase/claims';

export interface AppUser {
  id: string;
  email: string | undefined;
}

/**
 * The signed-in user. Signed out, a bad token or a cookie that is no session at all → 401;
 * the auth service unreachable → 503.
 */
export function requireUser(session: ClaimsResult): AppUser {
  if (session.kind === 'unavailable') {
    throw new ApiError(503, 'Authentication is unavailable, try again shortly', { cause: session.reason });
  }
  if (session.kind === 'signed-out') throw unauthorized();
  const { sub, email } = session.claims;
  return { id: sub, email: typeof email === 'string' ? email : undefined };
}
