// What a person sees when signing in or up (or resetting a password) fails, or an email link
// leads back. Messages come from these tables only, keyed by Supabase's error codes (or our
// own), so nothing from a URL is ever shown as-is.

const MESSAGES: Record<string, string> = {
  invalid_credentials: 'Wrong email or password.',
  email_not_confirmed: 'Confirm your email address first: follow the link we sent you, then sign in.',
  user_already_exists: 'An account with this email already exists. Sign in instead.',
  email_exists: 'An account with this email already exists. Sign in instead.',
  weak_password: 'Choose a stronger password: at least 8 characters.',
  validation_failed: 'Enter a valid email address and a password.',
  email_address_invalid: 'Enter a valid email address.',
  over_request_rate_limit: 'Too many attempts. Wait a minute and try again.',
  over_email_send_rate_limit: 'We cannot send you another email just now. Wait a little, then try again.',
  same_password: 'Choose a password you have not used before.',
  session_missing: 'That reset link has expired or was already used. Request a new one.',
  signup_disabled: 'New sign-ups are closed.',
  user_banned: 'This account is blocked.',
  // Email links coming back to /auth/confirm.
  otp_expired: 'That link has expired or was already used. Sign in — or, if you never confirmed your email, sign up again for a new link.',
  flow_state_not_found: 'That link is invalid or was already used. Sign in — or, if you never confirmed your email, sign up again for a new link.',
  flow_state_expired: 'That link has expired. Sign in — or, if you never confirmed your email, sign up again for a new link.',
  bad_code_verifier: 'That link was meant for another sign-up in this browser. Sign in instead.',
  pkce_code_verifier_not_found: 'Open that link in the browser you signed up in, or sign in here.',
  confirmation_failed: 'That confirmation link is invalid or has expired. Sign in or request a new one.',
  recovery_link_failed: 'That reset link cannot be used here: it expired, was already used, or was opened in another browser. Ask for a new one below, in this browser.',
  unavailable: 'We could not reach the sign-in service. Try again in a moment.',
};

const NOTICES: Record<string, string> = {
  check_email: 'Check your email: we sent you a link to confirm your address. Follow it to finish signing up.',
  email_confirmed: 'Your email is confirmed. Sign in to continue.',
};

const FALLBACK = 'Something went wrong. Try again.';

/** An attempt refused by our own throttle (src/lib/rate-limit), with how long to wait. */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds < 60
      ? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`
      : retryAfterSeconds <= 3600
        ? `${Math.ceil(retryAfterSeconds / 60)} minute${Math.ceil(retryAfterSeconds / 60) === 1 ? '' : 's'}`
        : `${Math.ceil(retryAfterSeconds / 3600)} hours`;
  return `Too many attempts. Try again in ${wait}.`;
}

export function authErrorMessage(code: string | undefined): string {
  return (code && MESSAGES[code]) || FALLBACK;
}

/** For `?error=` on the sign-in page: a known code's message, or nothing at all. */
export function knownAuthErrorMessage(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined;
}

export function authNotice(code: 'check_email' | 'email_confirmed'): string {
  return NOTICES[code]!;
}

/** For `?notice=` on the sign-in page: a known notice, or nothing. */
export function knownAuthNotice(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined;
}

/** Whether `code` has wording here (what /auth/confirm may pass on in `?error=`). */
export function isKnownAuthError(code: string): boolean {
  return Object.hasOwn(MESSAGES, code);
}
