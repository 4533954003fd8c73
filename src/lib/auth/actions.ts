'use server';

import { isAuthRetryableFetchError } from '@supabase/supabase-js';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicEnv } from '@/env/public';
import { createClient } from '@/lib/supabase/server';
import { authErrorMessage } from './messages';
import { safeNextPath } from './next-path';

export interface AuthFormState {
  error?: string;
  notice?: string;
  /** Echoed back so a failed attempt keeps what was typed (never the password). */
  email?: string;
}

const Credentials = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});

function readCredentials(formData: FormData) {
  return Credentials.safeParse({ email: formData.get('email'), password: formData.get('password') });
}

function failure(error: { code?: string } | null, email: string): AuthFormState {
  const code = error && isAuthRetryableFetchError(error) ? 'unavailable' : error?.code;
  return { error: authErrorMessage(code), email };
}

export async function signIn(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const credentials = readCredentials(formData);
  const email = String(formData.get('email') ?? '');
  if (!credentials.success) return { error: 'Enter your email and password.', email };

  const supabase = await createClient();
  const { error } = await supabase.auth.signInWithPassword(credentials.data);
  if (error) return failure(error, email);
  redirect(safeNextPath(formData.get('next'), publicEnv.NEXT_PUBLIC_SITE_URL));
}

export async function signUp(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const credentials = readCredentials(formData);
  const email = String(formData.get('email') ?? '');
  if (!credentials.success) return { error: 'Enter your email and a password.', email };

  const next = safeNextPath(formData.get('next'), publicEnv.NEXT_PUBLIC_SITE_URL);
  const confirm = new URL('/auth/confirm', publicEnv.NEXT_PUBLIC_SITE_URL);
  confirm.searchParams.set('next', next);

  const supabase = await createClient();
  const { data, error } = await supabase.auth.signUp({ ...credentials.data, options: { emailRedirectTo: confirm.href } });
  if (error) return failure(error, email);
  // Projects that require email confirmation return no session until the link is followed.
  if (!data.session) return { notice: 'Check your email: we sent you a link to confirm your account.', email };
  redirect(next);
}

export async function signOut(): Promise<void> {
  const supabase = await createClient();
  await supabase.auth.signOut();
  redirect('/');
}
