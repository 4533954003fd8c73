import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/billing/current-user';
import { readSubscription } from '@/lib/billing/subscription';
import { syncCheckout, type SyncResult } from '@/lib/billing/sync-checkout';
import { ApiError } from '@/lib/http/errors';
import { logError } from '@/lib/log';
import { polarClient } from '@/lib/polar/client';
import { createAdminClient } from '@/lib/supabase/admin';
import { createClient } from '@/lib/supabase/server';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: Props) {
  const supabase = await createClient();
  const user = await requireUser(supabase).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) redirect('/login?next=/dashboard');
    throw error;
  });

  const { checkout_id: checkoutId } = await searchParams;
  let sync: SyncResult | 'failed' | null = null;
  if (typeof checkoutId === 'string') {
    sync = await syncCheckout({ polar: polarClient(), admin: createAdminClient(), user, checkoutId }).catch((error: unknown) => {
      logError('dashboard checkout sync', error);
      return 'failed' as const;
    });
  }
  const subscription = await readSubscription(supabase, user.id);

  return (
    <main>
      <h1>Dashboard</h1>
      <p>Signed in as {user.email}</p>
      {sync === 'pending' || sync === 'failed' ? <p role="status">Your payment is being confirmed…</p> : null}
      <section aria-labelledby="plan-heading">
        <h2 id="plan-heading">Your plan</h2>
        {subscription?.status ? (
          <p data-testid="subscription-status">Status: {subscription.status}</p>
        ) : (
          <p data-testid="subscription-status">No subscription yet.</p>
        )}
      </section>
    </main>
  );
}
