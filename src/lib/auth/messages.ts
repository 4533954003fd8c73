// What a person sees when signing in or up fails. Messages come from this table only, keyed by
// Supabase's error codes (or our own), so nothing from a URL is ever shown as-is.

const MESSAGES: Record<string, string> = {
  invalid_credentials: 'Wrong email or password.',
  email_not_confirmed: 'Confirm your email address first: we sent you a link.',
  user_already_exists: 'An account with this email already exists. Sign in instead.',
  email_exists: 'An account with this email already exists. Sign in instead.',
  weak_password: 'Choose a stronger password: at least 8 characters.',
  validation_failed: 'Enter a valid email address and a password.',
  email_address_invalid: 'Enter a valid email address.',
  over_request_rate_limit: 'Too many attempts. Wait a minute and try again.',
  signup_disabled: 'New sign-ups are closed.',
  confirmation_failed: 'That confirmation link is invalid or has expired. Sign in or request a new one.',
  unavailable: 'We could not reach the sign-in service. Try again in a moment.',
};

const FALLBACK = 'Something went wrong. Try again.';

export function authErrorMessage(code: string | undefined): string {
  return (code && MESSAGES[code]) || FALLBACK;
}

/** For `?error=` on the sign-in page: a known code's message, or nothing at all. */
export function knownAuthErrorMessage(code: unknown): string | undefined {
  return typeof code === 'string' ? MESSAGES[code] : undefined;
}
