import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth-card';
import { AuthForm } from '@/components/auth-form';
import { signIn } from '@/lib/auth/actions';
import { authPageTarget } from '@/lib/auth/auth-page';
import { knownAuthErrorMessage, knownAuthNotice } from '@/lib/auth/messages';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next, error, notice } = await authPageTarget(searchParams);
  return (
    <AuthCard title="Sign in">
      <AuthForm mode="sign-in" action={signIn} next={next} initialError={knownAuthErrorMessage(error)} initialNotice={knownAuthNotice(notice)} />
    </AuthCard>
  );
}
