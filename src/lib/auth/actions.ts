'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicEnv } from '@/env/public';
import { createClient } from '@/lib/supabase/server';
import { failure, type AuthFormState } from './form-state';
import { pendingSignUp } from './pending-sign-up';
import { safeNextPath } from './next-path';
import { refusedAttempt } from './throttle';

const Credentials = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});

function readCredentials(formData: FormData) {
  return Credentials.safeParse({ email: formData.get('email'), password: formData.get('password') });
}

export async function signIn(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const credentials = readCredentials(formData);
  const email = String(formData.get('email') ?? '');
  if (!credentials.success) return { error: 'Enter your email and password.', email };
  const refused = await refusedAttempt('sign-in', credentials.data.email);
  if (refused) return { error: refused, email };

  const supabase = await createClient();
  const { error } = await supabase.auth.signInWithPassword(credentials.data);
  if (error) return failure(error, email);
  redirect(safeNextPath(formData.get('next'), publicEnv.NEXT_PUBLIC_SITE_URL));
}

export async function signUp(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const credentials = readCredentials(formData);
  const email = String(formData.get('email') ?? '');
  if (!credentials.success) return { error: 'Enter your email and a password.', email };
  const refused = await refusedAttempt('sign-up', credentials.data.email);
  if (refused) return { error: refused, email };

  const next = safeNextPath(formData.get('next'), publicEnv.NEXT_PUBLIC_SITE_URL);
  const confirm = new URL('/auth/confirm', publicEnv.NEXT_PUBLIC_SITE_URL);
  confirm.searchParams.set('next', next);

  const supabase = await createClient();
  const { data, error } = await supabase.auth.signUp({ ...credentials.data, options: { emailRedirectTo: confirm.href } });
  if (error) return failure(error, email);
  // Projects that require email confirmation return no session until the link is followed.
  if (!data.session) return { ...pendingSignUp(data.user), email };
  redirect(next);
}

export async function signOut(): Promise<void> {
  const supabase = await createClient();
  await supabase.auth.signOut();
  redirect('/');
}
