import { notFound } from 'next/navigation';
import { AdminAction } from '@/components/admin-action';
import { billingOverview, OUTCOMES } from '@/lib/admin/billing-overview';
import { requireOperator } from '@/lib/admin/require-admin';
import { ApiError } from '@/lib/http/errors';
import { createAdminClient } from '@/lib/supabase/admin';

// No page title of its own: a non-operator's 404 must not say the page exists.
export const dynamic = 'force-dynamic';

const time = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const at = (iso: string | null) => (iso ? `${time.format(new Date(iso))} UTC` : '—');

/** The operator view: deliveries by outcome, what is open, the reconciler, the endpoint at Polar. */
export default async function AdminBillingPage() {
  await requireOperator().catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const { counts, open, recent, runs, endpoint } = await billingOverview(createAdminClient());

  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-bold tracking-tight">Billing operations</h1>

      <section aria-labelledby="endpoint-heading" className="space-y-2 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        <h2 id="endpoint-heading" className="text-lg font-semibold">Webhook endpoint at Polar</h2>
        {endpoint.state ? (
          <p data-testid="endpoint-state" className={endpoint.state.enabled ? 'text-emerald-800' : 'font-semibold text-red-700'}>
            {endpoint.state.url} — {endpoint.state.enabled ? 'enabled' : 'DISABLED by Polar after repeated failures: re-enable it in Polar (Settings → Webhooks), then run a full reconcile.'}
          </p>
        ) : (
          <p data-testid="endpoint-state" className="font-semibold text-red-700">{endpoint.problem}</p>
        )}
        <div className="flex flex-wrap gap-3 pt-2">
          <AdminAction endpoint="/api/admin/reconcile" label="Reconcile now" pendingLabel="Reconciling…" />
          <AdminAction endpoint="/api/admin/reconcile?full=1" label="Full reconcile" pendingLabel="Reconciling…" />
        </div>
      </section>

      <section aria-labelledby="outcomes-heading" className="space-y-3 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        <h2 id="outcomes-heading" className="text-lg font-semibold">Deliveries in the last 7 days</h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Deliveries by outcome">
          {OUTCOMES.map((outcome) => (
            <div key={outcome} className="rounded-lg bg-zinc-50 px-3 py-2">
              <dt className="text-sm text-zinc-600">{outcome}</dt>
              <dd className="text-xl font-semibold" data-testid={`count-${outcome}`}>{counts[outcome] ?? 0}</dd>
            </div>
          ))}
        </dl>
        <h3 className="pt-2 text-sm font-medium text-zinc-700">Latest</h3>
        <ul className="divide-y divide-zinc-100 text-sm">
          {recent.map((delivery) => (
            <li key={delivery.webhookId} className="flex flex-wrap gap-x-4 py-1.5">
              <span className="font-mono">{delivery.type}</span>
              <span>{delivery.outcome}</span>
              <span className="text-zinc-500">{at(delivery.receivedAt)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="open-heading" className="space-y-3 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        <h2 id="open-heading" className="text-lg font-semibold">Kept, not applied</h2>
        {open.length === 0 ? (
          <p className="text-zinc-600">Nothing open: every delivery of the last days was applied.</p>
        ) : (
          <ul className="space-y-4" aria-label="Deliveries kept without being applied">
            {open.map((delivery) => (
              <li key={delivery.webhookId} className="space-y-2 rounded-lg border border-zinc-200 p-3">
                <p className="flex flex-wrap items-center gap-x-3 text-sm">
                  <span className="rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900">{delivery.outcome}</span>
                  <span className="font-mono">{delivery.type}</span>
                  <span className="text-zinc-500">{at(delivery.receivedAt)}</span>
                  <span className="font-mono text-xs text-zinc-500">{delivery.webhookId}</span>
                </p>
                {delivery.detail ? <p className="text-sm text-zinc-700">{delivery.detail}</p> : null}
                <details>
                  <summary className="cursor-pointer text-sm text-brand-600">Payload</summary>
                  <pre className="mt-2 max-h-64 overflow-auto rounded bg-zinc-900 p-3 text-xs text-zinc-100">{JSON.stringify(delivery.payload, null, 2)}</pre>
                </details>
                <AdminAction endpoint={`/api/admin/deliveries/${encodeURIComponent(delivery.webhookId)}/reapply`} label="Apply this stored delivery again" pendingLabel="Applying…" />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="runs-heading" className="space-y-3 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        <h2 id="runs-heading" className="text-lg font-semibold">Reconcile runs</h2>
        {runs.length === 0 ? (
          <p className="text-zinc-600">No run yet.</p>
        ) : (
          <table className="w-full text-left text-sm" aria-label="Reconcile runs">
            <thead className="text-zinc-600">
              <tr><th className="py-1">Started</th><th>Mode</th><th>By</th><th>Checked</th><th>Drifted</th><th>Repaired</th><th>Failed</th><th>Redelivered</th><th>Done</th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {runs.map((run) => (
                <tr key={run.id} className="align-top">
                  <td className="py-1">{at(run.started_at)}</td><td>{run.mode}</td><td>{run.trigger}</td><td>{run.checked}</td><td>{run.drifted}</td>
                  <td>{run.repaired}</td><td>{run.failed}</td><td>{run.redelivered}</td><td>{run.done ? 'yes' : 'resumes'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {runs[0]?.notes.length ? (
          <ul className="list-inside list-disc text-sm text-red-700" aria-label="Notes of the last run">
            {runs[0].notes.map((note) => <li key={note}>{note}</li>)}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
