import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { ManageBillingButton } from '@/components/manage-billing-button';
import { StatusBadge } from '@/components/status-badge';
import { loadDashboard } from '@/lib/billing/dashboard';

export const metadata: Metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: Props) {
  const { checkout_id: checkoutId } = await searchParams;
  const { user, summary, planName, confirmingPayment } = await loadDashboard(typeof checkoutId === 'string' ? checkoutId : undefined);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Dashboard</h1>
        <p className="mt-1 text-zinc-600">Signed in as {user.email}</p>
      </div>

      <section aria-labelledby="plan-heading" className="space-y-5 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
        <h2 id="plan-heading" className="text-lg font-semibold">Your plan</h2>

        {confirmingPayment ? (
          <div role="status" className="rounded-lg bg-brand-50 px-4 py-3 text-brand-700">
            Thanks! We&apos;re confirming your payment with Polar — this page updates by itself.
            <AutoRefresh />
          </div>
        ) : null}

        {summary ? (
          <div className="space-y-1">
            <div className="flex flex-wrap items-center gap-3">
              <span className="text-xl font-medium" data-testid="plan-name">{planName ?? 'Subscription'}</span>
              <StatusBadge label={summary.label} tone={summary.tone} />
            </div>
            {summary.timing ? <p className="text-zinc-600" data-testid="plan-timing">{summary.timing}</p> : null}
          </div>
        ) : confirmingPayment ? null : (
          <p className="text-zinc-600">You don&apos;t have a subscription yet.</p>
        )}

        <div className="flex flex-wrap items-start gap-4">
          {summary?.live ? null : (
            <Link href="/#pricing" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              Subscribe
            </Link>
          )}
          <ManageBillingButton />
        </div>
      </section>
    </div>
  );
}
