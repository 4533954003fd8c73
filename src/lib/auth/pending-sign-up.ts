import type { User } from '@supabase/supabase-js';
import { authErrorMessage, authNotice } from './messages';

/**
 * What a sign-up that answered no session means. With email confirmation on, Supabase answers
 * the new user and mails a link — or, for an email that already has a confirmed account, a
 * look-alike user with no identities and no mail (so sign-up cannot be used to find accounts).
 * Telling that person "we sent you a link" would be false, and the app already says "exists"
 * when confirmations are off (GoTrue's own 422), so it says the same here.
 */
export function pendingSignUp(user: User | null): { notice: string } | { error: string } {
  if (user && Array.isArray(user.identities) && user.identities.length === 0) return { error: authErrorMessage('user_already_exists') };
  return { notice: authNotice('check_email') };
}
