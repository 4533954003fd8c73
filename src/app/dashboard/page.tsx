import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import { ActionArea, ConfirmAction } from '@/components/confirm-action';
import { DeleteAccount } from '@/components/delete-account';
import { ManageBillingButton } from '@/components/manage-billing-button';
import { StatusBadge } from '@/components/status-badge';
import { loadDashboard } from '@/lib/billing/dashboard';
import { formatDate } from '@/lib/billing/display';

export const metadata: Metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: Props) {
  const { checkout_id: checkoutId } = await searchParams;
  const { user, summary, planName, planPrice, confirmingPayment, provider, providerName, entitlements, pendingChange, endAction } = await loadDashboard(typeof checkoutId === 'string' ? checkoutId : undefined);

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
            Thanks! We&apos;re confirming your payment with {providerName} — this page updates by itself.
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
            {summary.status === 'trialing' && planPrice && endAction?.kind !== 'resume' ? (
              <p className="text-zinc-600" data-testid="trial-terms">{`Then ${planPrice}. Nothing is charged before the trial ends, and access is yours meanwhile.`}</p>
            ) : null}
            {pendingChange ? (
              <p className="font-medium text-zinc-800" data-testid="plan-pending">{`Switches to ${pendingChange.switchingTo} on ${formatDate(pendingChange.appliesAt)}`}</p>
            ) : null}
          </div>
        ) : confirmingPayment ? null : (
          <p className="text-zinc-600">You don&apos;t have a subscription yet.</p>
        )}

        {entitlements.length > 0 ? (
          <div>
            <h3 className="text-sm font-medium text-zinc-700">Your plan includes</h3>
            <ul className="mt-2 list-inside list-disc text-zinc-700" data-testid="plan-includes">
              {entitlements.map((entitlement) => (
                <li key={entitlement.key}>
                  {entitlement.description ?? entitlement.key}
                  {entitlement.key === 'pro' ? (
                    <>
                      {' '}· <Link href="/pro" className="font-medium text-brand-600 hover:underline">Open Pro notes</Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        <ActionArea className="flex flex-wrap items-start gap-4">
          {summary?.live ? (
            <Link href="/#pricing" className="rounded-lg border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-100">
              Change plan
            </Link>
          ) : (
            <Link href="/#pricing" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              Subscribe
            </Link>
          )}
          {pendingChange ? (
            <ConfirmAction key="pending-change" label={`Keep ${pendingChange.plan.name}`} title={`Keep ${pendingChange.plan.name}?`} description={pendingChange.confirm}
              confirmLabel={`Keep ${pendingChange.plan.name}`} endpoint="/api/subscription/change-plan" body={{ productId: pendingChange.plan.id }} variant="primary" />
          ) : null}
          {endAction ? (
            <ConfirmAction key="end-action" {...(endAction.kind === 'cancel'
              ? { label: 'Cancel subscription', title: 'Cancel your subscription?', confirmLabel: 'Cancel at period end', endpoint: '/api/subscription/cancel', variant: 'danger' as const }
              : { label: 'Resume subscription', title: 'Resume your subscription?', confirmLabel: 'Resume subscription', endpoint: '/api/subscription/resume', variant: 'primary' as const })}
              description={endAction.confirm} />
          ) : null}
          <ManageBillingButton provider={provider} />
        </ActionArea>
      </section>

      {user.email ? (
        <section aria-labelledby="account-heading" className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
          <h2 id="account-heading" className="text-lg font-semibold">Account</h2>
          <DeleteAccount email={user.email} />
        </section>
      ) : null}
    </div>
  );
}
