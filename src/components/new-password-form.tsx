'use client';

import { useActionState } from 'react';
import type { AuthFormState } from '@/lib/auth/form-state';
import { updatePassword } from '@/lib/auth/password-actions';
import { FormMessages } from './form-messages';

export function NewPasswordForm() {
  const [state, formAction, pending] = useActionState(updatePassword, {} as AuthFormState);
  return (
    <form action={formAction} className="space-y-5" aria-describedby={state.error ? 'auth-error' : undefined}>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium">New password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required aria-describedby="password-hint"
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 shadow-sm focus:border-brand-500" />
        <p id="password-hint" className="text-xs text-zinc-500">At least 8 characters.</p>
      </div>
      <FormMessages state={state} />
      <button type="submit" disabled={pending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70">
        {pending ? 'Saving…' : 'Set new password'}
      </button>
    </form>
  );
}
