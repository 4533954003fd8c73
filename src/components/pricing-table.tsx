import { formatPrice } from '@/lib/billing/display';
import type { Plan } from '@/lib/polar/plans';

/** One card per plan; "Subscribe" is a plain link, so it works before any JavaScript runs. */
export function PricingTable({ plans }: { plans: Plan[] }) {
  return (
    <ul className="grid gap-6 sm:grid-cols-2">
      {plans.map((plan) => (
        <li key={plan.id} className="flex flex-col rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm">
          <h3 className="text-lg font-semibold">{plan.name}</h3>
          <p className="mt-2 text-3xl font-bold tracking-tight">{formatPrice(plan)}</p>
          {plan.description ? <p className="mt-3 flex-1 text-zinc-600">{plan.description}</p> : <div className="flex-1" />}
          <a href={`/api/checkout?products=${encodeURIComponent(plan.id)}`} aria-label={`Subscribe to ${plan.name}`}
            className="mt-6 rounded-lg bg-brand-600 px-4 py-2.5 text-center font-medium text-white hover:bg-brand-700">
            Subscribe
          </a>
        </li>
      ))}
    </ul>
  );
}
