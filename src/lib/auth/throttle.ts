import 'server-only';
import { headers } from 'next/headers';
import { serverEnv } from '@/env/server';
import { clientAddress } from '@/lib/http/client-address';
import { throttleAuthAttempt, type AuthAction } from '@/lib/rate-limit/throttles';
import { tooManyAttemptsMessage } from './messages';

/**
 * Counts this form submission against its throttles (per client address, and per account for
 * sign-in and reset) before anything reaches Supabase Auth: every Auth call leaves from this
 * server's address, so Auth's own per-IP limits are shared by all users and must not be the
 * first line. Returns the form's message when over a limit, else null.
 */
export async function refusedAttempt(action: AuthAction, email: string): Promise<string | null> {
  const address = clientAddress(await headers(), { header: serverEnv.CLIENT_IP_HEADER, hops: serverEnv.CLIENT_IP_HOPS });
  const verdict = await throttleAuthAttempt(action, address, email);
  return verdict.allowed ? null : tooManyAttemptsMessage(verdict.retryAfterSeconds);
}
