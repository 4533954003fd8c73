'use server';

import { revalidatePath } from 'next/cache';
import { requestSession } from '@/lib/supabase/request-session';
import { addNote } from './notes';

export interface NoteFormState {
  error?: string;
}

const MESSAGES = {
  'signed-out': 'Your session has ended. Sign in again to add a note.',
  'not-entitled': 'Pro notes are part of the Pro plan. Upgrade to add one.',
  invalid: 'Write something (up to 500 characters).',
} as const;

export async function addNoteAction(_previous: NoteFormState, formData: FormData): Promise<NoteFormState> {
  const caller = await requestSession();
  if (caller.session.kind !== 'signed-in') return { error: MESSAGES['signed-out'] };
  const body = formData.get('body');
  const result = await addNote(caller.supabase, typeof body === 'string' ? body : '');
  if (!result.ok) return { error: MESSAGES[result.reason] };
  revalidatePath('/pro');
  return {};
}
