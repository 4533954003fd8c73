'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { AuthFormState } from '@/lib/auth/form-state';
import { FormMessages } from './form-messages';

interface AuthFormProps {
  mode: 'sign-in' | 'sign-up';
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  /** Where to continue after success (validated again on the server). */
  next: string;
  /** A message the page already knows (e.g. a failed confirmation link). */
  initialError?: string;
  /** News the page already knows (e.g. a confirmed email). */
  initialNotice?: string;
}

const COPY = {
  'sign-in': { submit: 'Sign in', pending: 'Signing in…', switchText: 'New here?', switchLabel: 'Create an account', switchHref: '/signup' },
  'sign-up': { submit: 'Create account', pending: 'Creating account…', switchText: 'Already have an account?', switchLabel: 'Sign in', switchHref: '/login' },
} as const;

export function AuthForm({ mode, action, next, initialError, initialNotice }: AuthFormProps) {
  const [state, formAction, pending] = useActionState(action, { error: initialError, notice: initialNotice });
  const copy = COPY[mode];
  const switchHref = next === '/dashboard' ? copy.switchHref : `${copy.switchHref}?next=${encodeURIComponent(next)}`;

  return (
    <form action={formAction} className="space-y-5" noValidate={false} aria-describedby={state.error ? 'auth-error' : undefined}>
      <input type="hidden" name="next" value={next} />
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.email}
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 shadow-sm focus:border-brand-500" />
      </div>
      <div className="space-y-1.5">
        <div className="flex items-baseline justify-between">
          <label htmlFor="password" className="block text-sm font-medium">Password</label>
          {mode === 'sign-in' ? <Link href="/forgot-password" className="text-sm text-brand-600 hover:underline">Forgot password?</Link> : null}
        </div>
        <input id="password" name="password" type="password" required
          autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'} aria-describedby={mode === 'sign-up' ? 'password-hint' : undefined}
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 shadow-sm focus:border-brand-500" />
        {mode === 'sign-up' ? <p id="password-hint" className="text-xs text-zinc-500">At least 8 characters.</p> : null}
      </div>
      <FormMessages state={state} />
      <button type="submit" disabled={pending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70">
        {pending ? copy.pending : copy.submit}
      </button>
      <p className="text-center text-sm text-zinc-600">
        {copy.switchText}{' '}
        <Link href={switchHref} className="font-medium text-brand-600 hover:underline">{copy.switchLabel}</Link>
      </p>
    </form>
  );
}
