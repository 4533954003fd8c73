import type { Database } from '@/lib/supabase/database.types';
import { queryFailure } from '@/lib/supabase/query-error';
import type { UserDataClient } from '@/lib/supabase/request-session';
import { withDeadline } from '@/lib/supabase/timeout-fetch';

export type SubscriptionRow = Database['public']['Tables']['user_subscriptions']['Row'];

/** The user's subscription row (RLS: their own only), or null when they never subscribed. */
export async function readSubscription(supabase: UserDataClient, userId: string): Promise<SubscriptionRow | null> {
  // One deadline for the whole query, postgrest-js's retries (1 s, 2 s, 4 s on a 503) included.
  const { data, error } = await withDeadline((signal) =>
    supabase
      .from('user_subscriptions')
      .select('*')
      .eq('user_id', userId)
      .abortSignal(signal)
      .maybeSingle(),
  );
  if (error) throw queryFailure(error, 'Reading the subscription');
  return data;
}
