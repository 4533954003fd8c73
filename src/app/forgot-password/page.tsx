import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth-card';
import { ForgotPasswordForm } from '@/components/forgot-password-form';
import { knownAuthErrorMessage } from '@/lib/auth/messages';

export const metadata: Metadata = { title: 'Reset your password' };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { error } = await searchParams;
  return (
    <AuthCard title="Reset your password">
      <ForgotPasswordForm initialError={knownAuthErrorMessage(error)} />
      <p className="mt-5 text-center text-sm text-zinc-600">
        Remembered it? <Link href="/login" className="font-medium text-brand-600 hover:underline">Sign in</Link>
      </p>
    </AuthCard>
  );
}
