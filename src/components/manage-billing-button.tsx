'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { PaymentProvider } from '@/lib/payments/types';

type State = { kind: 'idle' | 'loading' | 'no-subscription' } | { kind: 'error'; message: string };

/**
 * Opens the provider's customer portal: asks the server for a session URL, then goes there.
 * Polar's through GET /api/portal (the @polar-sh/nextjs helper), the others' through POST
 * /api/payments/portal, which serves whichever provider bills.
 */
function portalRequest(provider: PaymentProvider): Promise<Response> {
  if (provider === 'polar') return fetch('/api/portal', { credentials: 'include', headers: { accept: 'application/json' } });
  return fetch('/api/payments/portal', { method: 'POST', credentials: 'include', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '{}' });
}

export function ManageBillingButton({ provider, label = 'Manage billing' }: { provider: PaymentProvider; label?: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function openPortal() {
    setState({ kind: 'loading' });
    try {
      const response = await portalRequest(provider);
      if (response.ok) {
        const { url } = (await response.json()) as { url: string };
        window.location.assign(url);
        return;
      }
      if (response.status === 404) return setState({ kind: 'no-subscription' });
      if (response.status === 401) return setState({ kind: 'error', message: 'Your session has ended. Sign in again to manage billing.' });
      setState({ kind: 'error', message: 'We could not open the billing portal. Please try again.' });
    } catch {
      setState({ kind: 'error', message: 'We could not reach the server. Check your connection and try again.' });
    }
  }

  const loading = state.kind === 'loading';
  return (
    <div className="space-y-2">
      <button type="button" onClick={openPortal} disabled={loading} aria-busy={loading}
        className="rounded-lg bg-zinc-900 px-4 py-2 font-medium text-white hover:bg-zinc-700 disabled:cursor-wait disabled:opacity-70">
        {loading ? 'Opening billing…' : label}
      </button>
      <div aria-live="polite">
        {state.kind === 'no-subscription' ? (
          <p className="text-sm text-zinc-700">
            You have no subscription yet. <Link href="/#pricing" className="font-medium text-brand-600 hover:underline">See the plans</Link>.
          </p>
        ) : null}
        {state.kind === 'error' ? <p role="alert" className="text-sm text-red-700">{state.message}</p> : null}
      </div>
    </div>
  );
}
