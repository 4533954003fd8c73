'use client';

import { useRouter } from 'next/navigation';
import { createContext, useContext, useId, useRef, useState, type ReactNode } from 'react';

// Where a finished action's summary is announced. An action often removes its own button (Keep
// Pro, once kept, is offered no more), so the announcement lives in the area around the actions,
// which stays on the page when it is rendered again.
const Announce = createContext<((message: string) => void) | null>(null);

/** An area of actions whose outcomes are announced (and shown) at its end. */
export function ActionArea({ className, children }: { className?: string; children: ReactNode }) {
  const [message, setMessage] = useState('');
  return (
    <Announce.Provider value={setMessage}>
      <div className={className}>{children}</div>
      <p role="status" className="text-sm text-zinc-700">{message}</p>
    </Announce.Provider>
  );
}

export interface ConfirmActionProps {
  /** The button that opens the confirmation. */
  label: string;
  title: string;
  /** What will happen, and what it costs, said before it does. */
  description: string;
  confirmLabel: string;
  /** A same-origin POST route answering {summary} or {error}. */
  endpoint: string;
  body?: Record<string, string>;
  /** Where to go once done; by default the page is rendered again where it is. */
  next?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  /** The button fills its container (a pricing card's call to action). */
  wide?: boolean;
}

type State = { kind: 'idle' | 'sending' } | { kind: 'error'; message: string };

const BUTTONS = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700',
  secondary: 'border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-100',
  danger: 'border border-red-300 bg-white text-red-700 hover:bg-red-50',
} as const;

function failure(status: number, error: unknown): string {
  if (status === 401) return 'Your session has ended. Sign in again, then retry.';
  if (status === 429) return 'That was a lot of changes in a short time. Please try again in a few minutes.';
  // The routes' 4xx and 503 messages are written for the person reading them.
  if (typeof error === 'string' && (status < 500 || status === 503)) return error;
  return 'We could not make the change. Nothing was changed; please try again.';
}

/**
 * A billing action behind a confirmation: a modal dialog says what will happen, and only its
 * confirm button sends the request. Errors stay in the dialog; once done, the page shows the new
 * state (or `next`), and the answer's summary is announced by the surrounding ActionArea.
 */
export function ConfirmAction({ label, title, description, confirmLabel, endpoint, body, next, variant = 'secondary', wide = false }: ConfirmActionProps) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const announce = useContext(Announce);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const sending = state.kind === 'sending';

  function open() {
    setState({ kind: 'idle' });
    dialog.current?.showModal();
  }

  async function confirm() {
    setState({ kind: 'sending' });
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      const answer = (await response.json().catch(() => ({}))) as { summary?: unknown; error?: unknown };
      if (!response.ok) return setState({ kind: 'error', message: failure(response.status, answer.error) });
      dialog.current?.close();
      setState({ kind: 'idle' });
      announce?.(typeof answer.summary === 'string' ? answer.summary : 'Done.');
      if (next) router.push(next);
      else router.refresh();
    } catch {
      setState({ kind: 'error', message: 'We could not reach the server. Check your connection and try again.' });
    }
  }

  return (
    <div>
      <button type="button" onClick={open} className={`rounded-lg px-4 py-2 font-medium ${wide ? 'w-full py-2.5' : ''} ${BUTTONS[variant]}`}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} aria-describedby={`${id}-description`} onCancel={(event) => sending && event.preventDefault()}
        className="m-auto w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-zinc-900/40">
        <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
        <p id={`${id}-description`} className="mt-2 text-zinc-700">{description}</p>
        {state.kind === 'error' ? <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{state.message}</p> : null}
        <div className="mt-5 flex flex-wrap gap-3">
          <button type="button" onClick={confirm} disabled={sending} aria-busy={sending} autoFocus
            className={`rounded-lg px-4 py-2 font-medium disabled:cursor-wait disabled:opacity-70 ${variant === 'danger' ? 'bg-red-700 text-white hover:bg-red-800' : 'bg-brand-600 text-white hover:bg-brand-700'}`}>
            {sending ? 'Working…' : confirmLabel}
          </button>
          <button type="button" onClick={() => dialog.current?.close()} disabled={sending} className="rounded-lg border border-zinc-300 px-4 py-2 hover:bg-zinc-100">
            Go back
          </button>
        </div>
      </dialog>
    </div>
  );
}
