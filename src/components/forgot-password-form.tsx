'use client';

import { useActionState } from 'react';
import type { AuthFormState } from '@/lib/auth/form-state';
import { requestPasswordReset } from '@/lib/auth/password-actions';
import { FormMessages } from './form-messages';

/** `initialError`: what the page already knows (a reset link that could not be used). */
export function ForgotPasswordForm({ initialError }: { initialError?: string }) {
  const [state, formAction, pending] = useActionState(requestPasswordReset, { error: initialError } as AuthFormState);
  return (
    <form action={formAction} className="space-y-5" aria-describedby={state.error ? 'auth-error' : undefined}>
      <p className="text-sm text-zinc-600">Enter the email you signed up with and we will send you a link to choose a new password.</p>
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.email}
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 shadow-sm focus:border-brand-500" />
      </div>
      <FormMessages state={state} />
      <button type="submit" disabled={pending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70">
        {pending ? 'Sending…' : 'Send reset link'}
      </button>
    </form>
  );
}
