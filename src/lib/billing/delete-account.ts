// Deleting an account: its paid subscriptions end at the provider first, so no one is left
// billing a user who no longer exists; only then is the Supabase user deleted (and with it,
// by cascade, everything the app keeps about them). If the provider cannot be reached, nothing
// is deleted and the user is told why.
import type { SupabaseClient } from '@supabase/supabase-js';
import { ApiError, badRequest } from '@/lib/http/errors';
import type { PaymentAdapter } from '@/lib/payments/types';
import type { Database } from '@/lib/supabase/database.types';
import type { AppUser } from './current-user';
import { ENDED_STATUSES } from './billing-row';

export interface DeleteAccountInput {
  admin: SupabaseClient<Database>;
  adapter: PaymentAdapter;
  user: AppUser;
  /** What the user typed to confirm: their own email address. */
  confirmation: string;
}

export async function deleteAccount({ admin, adapter, user, confirmation }: DeleteAccountInput): Promise<{ endedSubscriptions: number }> {
  if (!user.email || confirmation.trim().toLowerCase() !== user.email.toLowerCase()) throw badRequest('Type your email address to confirm');

  const { data: known, error: readError } = await admin.from('subscriptions').select('subscription_id, status').eq('user_id', user.id).eq('provider', adapter.provider);
  if (readError) throw new Error(`Reading the subscriptions to end failed: ${readError.message}`, { cause: readError });
  // Every subscription not ended for good: a paused or unpaid one can bill again.
  const liveIds = (known ?? []).filter((s) => !ENDED_STATUSES.has(s.status)).map((s) => s.subscription_id);

  let endedSubscriptions: number;
  try {
    endedSubscriptions = await adapter.endSubscriptionsOf(user, liveIds);
  } catch (error) {
    const status = error instanceof ApiError && error.status === 503 ? 503 : 502;
    throw new ApiError(status, 'We could not cancel your subscription, so your account was not deleted. Please try again.', {
      cause: error,
      headers: error instanceof ApiError ? error.headers : undefined,
    });
  }

  const { error } = await admin.auth.admin.deleteUser(user.id);
  if (error) throw new Error(`Deleting the user failed after ending ${endedSubscriptions} subscription(s): ${error.message}`, { cause: error });
  return { endedSubscriptions };
}
