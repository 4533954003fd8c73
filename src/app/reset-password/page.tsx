import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth-card';
import { NewPasswordForm } from '@/components/new-password-form';
import { isSignedIn } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Choose a new password' };
export const dynamic = 'force-dynamic';

/** Reached from the recovery email (via /auth/confirm, which signs the person in). */
export default async function ResetPasswordPage() {
  if (!(await isSignedIn())) redirect('/forgot-password');
  return (
    <AuthCard title="Choose a new password">
      <NewPasswordForm />
    </AuthCard>
  );
}
