import { PricingTable } from '@/components/pricing-table';
import { viewerPlanOptions } from '@/lib/billing/pricing';
import { logError } from '@/lib/log';
import { activePaymentAdapter } from '@/lib/payments';
import type { Plan } from '@/lib/payments/types';

export const dynamic = 'force-dynamic';

async function plansOrNull(): Promise<Plan[] | null> {
  try {
    return await activePaymentAdapter().listPlans();
  } catch (error) {
    logError('home pricing', error);
    return null;
  }
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function HomePage({ searchParams }: Props) {
  const [plans, { account }] = await Promise.all([plansOrNull(), searchParams]);
  const options = plans && plans.length > 0 ? await viewerPlanOptions(plans) : null;
  return (
    <div className="space-y-16">
      {account === 'deleted' ? (
        <p role="status" className="rounded-lg bg-brand-50 px-4 py-3 text-center text-brand-700">
          Your account was deleted, and any subscription ended. Thank you for trying us.
        </p>
      ) : null}
      <section className="space-y-4 pt-6 text-center">
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Polar × Supabase Billing</h1>
        <p className="mx-auto max-w-2xl text-lg text-zinc-600">
          Subscriptions for a Next.js and Supabase app, billed with Polar: hosted checkout, a customer
          portal, and webhooks that keep each user&apos;s plan in the database.
        </p>
      </section>
      <section id="pricing" aria-labelledby="pricing-heading" className="space-y-6">
        <h2 id="pricing-heading" className="text-center text-2xl font-semibold">Pricing</h2>
        {plans === null ? (
          <p role="alert" className="text-center text-zinc-600">Pricing is unavailable right now. Please try again shortly.</p>
        ) : plans.length === 0 ? (
          <p className="text-center text-zinc-600">No plans are on sale yet.</p>
        ) : (
          <PricingTable plans={plans} options={options} />
        )}
      </section>
    </div>
  );
}
