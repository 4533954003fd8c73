import { isAuthRetryableFetchError } from '@supabase/supabase-js';
import { authErrorMessage } from './messages';

/** What an auth form's server action answers: a message to show, and what was typed. */
export interface AuthFormState {
  error?: string;
  notice?: string;
  /** Echoed back so a failed attempt keeps what was typed (never a password). */
  email?: string;
}

/** A failed Supabase Auth call, in the form's own words (Auth unreachable is said as such). */
export function failure(error: { code?: string } | null, email: string): AuthFormState {
  const code = error && isAuthRetryableFetchError(error) ? 'unavailable' : error?.code;
  return { error: authErrorMessage(code), email };
}
