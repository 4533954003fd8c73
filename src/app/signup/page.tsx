import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth-card';
import { AuthForm } from '@/components/auth-form';
import { signUp } from '@/lib/auth/actions';
import { authPageTarget } from '@/lib/auth/auth-page';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await authPageTarget(searchParams);
  return (
    <AuthCard title="Create an account">
      <AuthForm mode="sign-up" action={signUp} next={next} />
    </AuthCard>
  );
}
