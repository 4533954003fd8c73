import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NoteForm } from '@/components/note-form';
import { checkEntitlement } from '@/lib/billing/require-entitlement';
import { formatDate } from '@/lib/billing/display';
import { ApiError } from '@/lib/http/errors';
import { addNoteAction } from '@/lib/notes/actions';
import { NOTE_MAX_LENGTH, readNotes } from '@/lib/notes/notes';

export const metadata: Metadata = { title: 'Pro notes' };
export const dynamic = 'force-dynamic';

const signInAgain = (error: unknown): never => {
  if (error instanceof ApiError && error.status === 401) redirect('/login?next=/pro');
  throw error;
};

/**
 * The gated example: a page only a plan with the `pro` benefit opens. The check here decides
 * what the page shows; the database enforces the same rule on every insert (RLS).
 */
export default async function ProPage() {
  const { user, caller, granted } = await checkEntitlement('pro').catch(signInAgain);
  if (!granted) {
    return (
      <section aria-labelledby="pro-heading" className="mx-auto max-w-xl space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        <h1 id="pro-heading" className="text-2xl font-semibold">Pro notes</h1>
        <p className="text-zinc-600">Pro notes come with the <strong>Pro</strong> plan. Your current plan does not include them.</p>
        <Link href="/#pricing" className="inline-block rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          See the Pro plan
        </Link>
      </section>
    );
  }
  const notes = await readNotes(caller.supabase, user.id).catch(signInAgain);
  return (
    <section aria-labelledby="pro-heading" className="mx-auto max-w-xl space-y-6 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
      <h1 id="pro-heading" className="text-2xl font-semibold">Pro notes</h1>
      <NoteForm action={addNoteAction} maxLength={NOTE_MAX_LENGTH} />
      {notes.length === 0 ? (
        <p className="text-zinc-600">No notes yet.</p>
      ) : (
        <ul className="divide-y divide-zinc-100" aria-label="Your notes">
          {notes.map((note) => (
            <li key={note.id} className="py-3">
              <p>{note.body}</p>
              <p className="text-xs text-zinc-500">{formatDate(note.created_at)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
