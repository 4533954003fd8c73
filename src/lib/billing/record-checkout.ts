import 'server-only';
import { createAdminClient } from '@/lib/supabase/admin';
import { withDeadline } from '@/lib/supabase/timeout-fetch';

/** public.billing_checkouts: every checkout the app opened (service role, like the write path). */
export async function recordCheckout(checkoutId: string, userId: string): Promise<void> {
  const { error } = await withDeadline((signal) => createAdminClient().rpc('record_polar_checkout', { p_checkout_id: checkoutId, p_user_id: userId }).abortSignal(signal));
  if (error) throw new Error(`Recording checkout ${checkoutId} failed: ${error.message}`, { cause: error });
}
