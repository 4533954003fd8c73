import { ConfirmAction } from '@/components/confirm-action';
import { formatDate, formatPrice } from '@/lib/billing/display';
import type { PlanOption } from '@/lib/billing/plan-options';
import type { Plan } from '@/lib/polar/plans';

const CHANGE_PLAN = '/api/subscription/change-plan';

function Badge({ children }: { children: React.ReactNode }) {
  return <span className="rounded-full bg-brand-50 px-2.5 py-0.5 text-sm font-medium text-brand-700 ring-1 ring-inset ring-brand-600/20">{children}</span>;
}

/** What a subscriber sees under a plan: where they stand with it, and the switch it offers. */
function SubscriberAction({ option }: { option: PlanOption }) {
  const { plan } = option;
  switch (option.kind) {
    case 'current':
      return <p className="mt-6 text-center font-medium text-zinc-700">This is your plan.</p>;
    case 'keep':
      return (
        <div className="mt-6 space-y-2">
          <p className="text-sm text-zinc-600">{`Switches to ${option.switchingTo} on ${formatDate(option.appliesAt)}.`}</p>
          <ConfirmAction label={`Keep ${plan.name}`} title={`Keep ${plan.name}?`} description={option.confirm} confirmLabel={`Keep ${plan.name}`}
            endpoint={CHANGE_PLAN} body={{ productId: plan.id }} next="/dashboard" variant="primary" wide />
        </div>
      );
    case 'scheduled':
      return <p className="mt-6 text-center text-sm text-zinc-600">{`Your plan from ${formatDate(option.appliesAt)}.`}</p>;
    case 'blocked':
      return <p className="mt-6 text-sm text-zinc-600">{option.reason}</p>;
    case 'upgrade':
    case 'downgrade':
      return (
        <div className="mt-6 space-y-2">
          <p className="text-sm text-zinc-600">{option.note}</p>
          <ConfirmAction label={`Switch to ${plan.name}`} title={`Switch to ${plan.name}?`} description={option.confirm} confirmLabel={`Switch to ${plan.name}`}
            endpoint={CHANGE_PLAN} body={{ productId: plan.id }} next="/dashboard" variant="primary" wide />
        </div>
      );
  }
}

/**
 * One card per plan. A visitor (or a user without a live subscription) gets "Subscribe", a plain
 * link that works before any JavaScript runs; a subscriber sees their plan marked and a switch
 * to each of the others.
 */
export function PricingTable({ plans, options }: { plans: Plan[]; options: Record<string, PlanOption> | null }) {
  return (
    <ul className="grid gap-6 sm:grid-cols-2">
      {plans.map((plan) => {
        const option = options?.[plan.id];
        const mine = option?.kind === 'current' || option?.kind === 'keep';
        return (
          <li key={plan.id} aria-current={mine ? 'true' : undefined} aria-labelledby={`plan-${plan.id}`}
            className={`flex flex-col rounded-2xl border bg-white p-6 shadow-sm ${mine ? 'border-brand-500 ring-1 ring-brand-500' : 'border-zinc-200'}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 id={`plan-${plan.id}`} className="text-lg font-semibold">{plan.name}</h3>
              {mine ? <Badge>Current plan</Badge> : option?.kind === 'scheduled' ? <Badge>Scheduled</Badge> : null}
            </div>
            <p className="mt-2 text-3xl font-bold tracking-tight">{formatPrice(plan)}</p>
            {plan.trialInterval ? <p className="text-sm text-zinc-600">{`Starts with a ${plan.trialIntervalCount}-${plan.trialInterval} free trial`}</p> : null}
            {plan.description ? <p className="mt-3 flex-1 text-zinc-600">{plan.description}</p> : <div className="flex-1" />}
            {option ? (
              <SubscriberAction option={option} />
            ) : (
              <a href={`/api/checkout?products=${encodeURIComponent(plan.id)}`} aria-label={`Subscribe to ${plan.name}`}
                className="mt-6 rounded-lg bg-brand-600 px-4 py-2.5 text-center font-medium text-white hover:bg-brand-700">
                Subscribe
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
