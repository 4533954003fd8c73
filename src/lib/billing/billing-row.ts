import type { Database } from '@/lib/supabase/database.types';
import { queryFailure } from '@/lib/supabase/query-error';
import type { UserDataClient } from '@/lib/supabase/request-session';
import { withDeadline } from '@/lib/supabase/timeout-fetch';

export type BillingRow = Pick<Database['public']['Tables']['user_subscriptions']['Row'], 'provider' | 'customer_id' | 'status'>;

/** Subscription states in which the user is (still) being billed and has access. */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due']);

/** States a subscription never leaves: nothing more is billed. Any other (paused, unpaid…) can bill again. */
export const ENDED_STATUSES: ReadonlySet<string> = new Set(['canceled', 'incomplete_expired']);

/** The user's billing row, read with their own client (RLS: only their row is visible). */
export async function readBillingRow(supabase: UserDataClient, userId: string): Promise<BillingRow | null> {
  // One deadline for the whole query, postgrest-js's retries (1 s, 2 s, 4 s on a 503) included.
  const { data, error } = await withDeadline((signal) =>
    supabase
      .from('user_subscriptions')
      .select('provider, customer_id, status')
      .eq('user_id', userId)
      .abortSignal(signal)
      .maybeSingle(),
  );
  if (error) throw queryFailure(error, 'Reading the billing row');
  return data;
}
