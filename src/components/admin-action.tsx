'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** A same-origin POST from the operator view, then the view reloaded from the server. */
export function AdminAction({ endpoint, label, pendingLabel }: { endpoint: string; label: string; pendingLabel: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; message?: string }>({ busy: false });

  async function run() {
    setState({ busy: true });
    try {
      const response = await fetch(endpoint, { method: 'POST', credentials: 'include', headers: { accept: 'application/json' } });
      const body = (await response.json().catch(() => ({}))) as { error?: string; outcome?: string; repaired?: number; failed?: number };
      const message = !response.ok ? (body.error ?? `Failed (HTTP ${response.status})`) : body.outcome ? `Outcome: ${body.outcome}` : `Repaired ${body.repaired ?? 0}, failed ${body.failed ?? 0}`;
      setState({ busy: false, message });
      router.refresh();
    } catch {
      setState({ busy: false, message: 'The server could not be reached.' });
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={run} disabled={state.busy} className="rounded-lg bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-70">
        {state.busy ? pendingLabel : label}
      </button>
      {state.message ? <span role="status" className="text-sm text-zinc-700">{state.message}</span> : null}
    </span>
  );
}
