'use client';

import { useActionState } from 'react';
import type { NoteFormState } from '@/lib/notes/actions';

interface NoteFormProps {
  action: (state: NoteFormState, formData: FormData) => Promise<NoteFormState>;
  maxLength: number;
}

/** Adds a Pro note; the database decides whether the plan allows it. */
export function NoteForm({ action, maxLength }: NoteFormProps) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-3">
      <label htmlFor="note-body" className="block text-sm font-medium">New note</label>
      <textarea id="note-body" name="body" required maxLength={maxLength} rows={3}
        className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 shadow-sm focus:border-brand-500" />
      {state.error ? <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{state.error}</p> : null}
      <button type="submit" disabled={pending}
        className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70">
        {pending ? 'Saving…' : 'Add note'}
      </button>
    </form>
  );
}
