'use client';

import { useState } from 'react';

type State = { kind: 'idle' | 'confirming' | 'deleting' } | { kind: 'error'; message: string };

/** Deletes the account after the user types their email; paid subscriptions end first. */
export function DeleteAccount({ email }: { email: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [typed, setTyped] = useState('');

  async function remove(event: React.FormEvent) {
    event.preventDefault();
    setState({ kind: 'deleting' });
    try {
      const response = await fetch('/api/account/delete', {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ confirmation: typed }),
      });
      // A full page load: the header and every cached page must forget the session.
      if (response.ok) return window.location.replace(`${window.location.origin}/?account=deleted`);
      const { error } = (await response.json().catch(() => ({}))) as { error?: string };
      setState({ kind: 'error', message: error ?? 'We could not delete your account. Please try again.' });
    } catch {
      setState({ kind: 'error', message: 'We could not reach the server. Check your connection and try again.' });
    }
  }

  if (state.kind === 'idle') {
    return (
      <button type="button" onClick={() => setState({ kind: 'confirming' })} className="rounded-lg border border-red-300 px-4 py-2 font-medium text-red-700 hover:bg-red-50">
        Delete account
      </button>
    );
  }
  return (
    <form onSubmit={remove} className="space-y-3" aria-describedby="delete-warning">
      <p id="delete-warning" className="text-sm text-zinc-700">
        This ends any subscription now (no further charges) and deletes your account. Type <strong>{email}</strong> to confirm.
      </p>
      <label htmlFor="delete-confirmation" className="sr-only">Your email address</label>
      <input id="delete-confirmation" type="email" value={typed} onChange={(e) => setTyped(e.target.value)} required autoComplete="off"
        className="block w-full max-w-sm rounded-lg border border-zinc-300 bg-white px-3 py-2 shadow-sm" />
      {state.kind === 'error' ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
      <div className="flex gap-3">
        <button type="submit" disabled={state.kind === 'deleting'} className="rounded-lg bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-70">
          {state.kind === 'deleting' ? 'Deleting…' : 'Delete my account'}
        </button>
        <button type="button" onClick={() => setState({ kind: 'idle' })} className="rounded-lg border border-zinc-300 px-4 py-2">Keep my account</button>
      </div>
    </form>
  );
}
