'use server';

import { isAuthRetryableFetchError, isAuthSessionMissingError } from '@supabase/supabase-js';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicEnv } from '@/env/public';
import { logError } from '@/lib/log';
import { createClient } from '@/lib/supabase/server';
import { failure, type AuthFormState } from './form-state';
import { authErrorMessage } from './messages';
import { refusedAttempt } from './throttle';

const Email = z.string().trim().min(3).max(320);
const NewPassword = z.string().min(1).max(200);

/** One answer whether or not the address has an account: the form never tells who has one. */
const LINK_SENT = 'If an account exists for that email, we sent it a link to choose a new password.';

/** "Forgot password?": Supabase emails a recovery link that signs the person in at /reset-password. */
export async function requestPasswordReset(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = String(formData.get('email') ?? '');
  const parsed = Email.safeParse(email);
  if (!parsed.success) return { error: 'Enter your email address.', email };
  const refused = await refusedAttempt('password-reset', parsed.data);
  if (refused) return { error: refused, email };

  const confirm = new URL('/auth/confirm', publicEnv.NEXT_PUBLIC_SITE_URL);
  confirm.searchParams.set('next', '/reset-password');
  // Marks the link as a recovery one for /auth/confirm, whichever way it comes back.
  confirm.searchParams.set('type', 'recovery');
  const supabase = await createClient();
  const { error } = await supabase.auth.resetPasswordForEmail(parsed.data, { redirectTo: confirm.href });
  // Only "Auth could not be reached" is said as such. Any other refusal reads like success:
  // Supabase answers an unknown address 200 but a known one, say, over_email_send_rate_limit.
  if (error && isAuthRetryableFetchError(error)) return failure(error, email);
  if (error) logError('password reset request', error);
  return { notice: LINK_SENT, email };
}

/** The new password, for the session the recovery link started. */
export async function updatePassword(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const password = NewPassword.safeParse(formData.get('password'));
  if (!password.success) return { error: 'Enter a new password.' };

  const supabase = await createClient();
  const { error } = await supabase.auth.updateUser({ password: password.data });
  if (error && isAuthSessionMissingError(error)) return { error: authErrorMessage('session_missing') };
  if (error) return failure(error, '');
  redirect('/dashboard');
}
