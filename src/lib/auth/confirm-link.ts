import 'server-only';
import { createClient as createSupabaseClient, isAuthRetryableFetchError, type EmailOtpType, type SupabaseClient } from '@supabase/supabase-js';
import { publicEnv } from '@/env/public';
import { fetchWithTimeout } from '@/lib/supabase/timeout-fetch';
import { isKnownAuthError } from './messages';

/**
 * Where a link from a Supabase email leads, once /auth/confirm has handled it:
 * - signed-in: a session is set, continue to `next`;
 * - confirmed: the address is confirmed but no session could be made here — sign in;
 * - failed: nothing happened (the code says why).
 */
export type ConfirmOutcome = { kind: 'signed-in' } | { kind: 'confirmed' } | { kind: 'failed'; code: string };

const OTP_TYPES = new Set<string>(['signup', 'invite', 'magiclink', 'recovery', 'email_change', 'email']);

const failed = (code: string | undefined): ConfirmOutcome => ({ kind: 'failed', code: code && isKnownAuthError(code) ? code : 'confirmation_failed' });

/**
 * Handles both link styles: GoTrue's default template sends the browser through /verify, which
 * confirms the address and comes back with `?code=` (PKCE: exchanged with this browser's code
 * verifier cookie) or with `?error=…&error_code=…`; the token_hash template comes straight here
 * with `?token_hash=&type=`, verified by POST /verify.
 */
export async function confirmEmailLink(supabase: SupabaseClient, params: URLSearchParams): Promise<ConfirmOutcome> {
  if (params.has('error') || params.has('error_code')) return failed(params.get('error_code') ?? undefined);

  const code = params.get('code');
  if (code) {
    const { error } = await supabase.auth.exchangeCodeForSession(code);
    if (!error) return { kind: 'signed-in' };
    if (isAuthRetryableFetchError(error)) return failed('unavailable');
    // GoTrue issues a code only after /verify has confirmed the address (same transaction), so
    // a code it still knows — expired, or another sign-up's verifier in this browser — proves
    // the address confirmed. Without this browser's verifier nothing has been asked yet.
    if (error.code === 'flow_state_expired' || error.code === 'bad_code_verifier') return { kind: 'confirmed' };
    if (error.code === 'pkce_code_verifier_not_found') return (await codeWasIssued(code)) ? { kind: 'confirmed' } : failed('flow_state_not_found');
    return failed(error.code);
  }

  const tokenHash = params.get('token_hash');
  const type = params.get('type');
  if (tokenHash && type && OTP_TYPES.has(type)) {
    const { error } = await supabase.auth.verifyOtp({ type: type as EmailOtpType, token_hash: tokenHash });
    if (!error) return { kind: 'signed-in' };
    return failed(isAuthRetryableFetchError(error) ? 'unavailable' : error.code);
  }
  return failed('confirmation_failed');
}

/**
 * Whether Supabase Auth knows `code`, asked without the verifier it was made for (the link was
 * opened in another browser): a made-up verifier is refused bad_code_verifier — the code known
 * and left usable — or flow_state_expired for a known but old one; an unknown or used code is
 * flow_state_not_found.
 */
async function codeWasIssued(code: string): Promise<boolean> {
  const storageKey = 'confirm-link-probe';
  // Stored as auth-js stores it (JSON); never the verifier of any real flow.
  const verifier = JSON.stringify(`${crypto.randomUUID()}${crypto.randomUUID()}`);
  const probe = createSupabaseClient(publicEnv.NEXT_PUBLIC_SUPABASE_URL, publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    auth: {
      flowType: 'pkce', storageKey, persistSession: true, autoRefreshToken: false, detectSessionInUrl: false,
      storage: { getItem: (key) => (key === `${storageKey}-code-verifier` ? verifier : null), setItem: () => {}, removeItem: () => {} },
    },
    global: { fetch: fetchWithTimeout },
  });
  const { error } = await probe.auth.exchangeCodeForSession(code);
  return error?.code === 'bad_code_verifier' || error?.code === 'flow_state_expired';
}
