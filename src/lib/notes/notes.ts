// The gated example's data: notes only Pro users may write. The rule lives in Postgres (the
// insert policy on public.pro_notes calls has_entitlement('pro')); this code only reads and
// writes as the user, so a plan without Pro is refused by the database itself.
import { queryFailure } from '@/lib/supabase/query-error';
import type { UserDataClient } from '@/lib/supabase/request-session';
import { withDeadline } from '@/lib/supabase/timeout-fetch';

export interface Note {
  id: number;
  body: string;
  created_at: string;
}

export const NOTE_MAX_LENGTH = 500;

export async function readNotes(supabase: UserDataClient, userId: string): Promise<Note[]> {
  const { data, error } = await withDeadline((signal) =>
    supabase.from('pro_notes').select('id, body, created_at').eq('user_id', userId).order('created_at', { ascending: false }).limit(50).abortSignal(signal),
  );
  if (error) throw queryFailure(error, 'Reading the notes');
  return data ?? [];
}

export type AddNoteResult = { ok: true } | { ok: false; reason: 'not-entitled' | 'invalid' };

export async function addNote(supabase: UserDataClient, body: string): Promise<AddNoteResult> {
  const text = body.trim();
  if (text.length === 0 || text.length > NOTE_MAX_LENGTH) return { ok: false, reason: 'invalid' };
  const { error } = await withDeadline((signal) => supabase.from('pro_notes').insert({ body: text }).abortSignal(signal));
  // 42501: the row-level security policy refused it — the plan does not include `pro`.
  if (error?.code === '42501') return { ok: false, reason: 'not-entitled' };
  if (error) throw queryFailure(error, 'Adding a note');
  return { ok: true };
}
