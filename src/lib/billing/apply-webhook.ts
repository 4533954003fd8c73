// Applies one verified Polar webhook delivery to the database, through the SQL write functions
// (which deduplicate on webhook-id and order states by modified_at under a row lock).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { PolarEvent } from '@/lib/polar/webhook-events';
import { userIdOfCustomer } from '@/lib/polar/app-user';
import type { Database, Json } from '@/lib/supabase/database.types';
import { withDeadline } from '@/lib/supabase/timeout-fetch';
import { subscriptionStateArgs } from './subscription-state';

export type WebhookOutcome = 'applied' | 'stale' | 'duplicate' | 'unmatched' | 'ignored';

export class DatabaseWriteError extends Error {
  constructor(cause: unknown) {
    super('The billing database write failed', { cause });
    this.name = 'DatabaseWriteError';
  }
}

/**
 * Polar counts an answer slower than 2 s as a failure and delivers again. A write still
 * pending after this long is abandoned and answered 500: should it still land, the
 * redelivery is recognised as a duplicate.
 */
const WRITE_TIMEOUT_MS = 1_500;

export async function applyWebhook(
  admin: SupabaseClient<Database>,
  webhookId: string,
  event: PolarEvent,
  payload: Json,
): Promise<WebhookOutcome> {
  const common = { p_webhook_id: webhookId, p_event_type: event.type, p_payload: payload };
  const write = (signal: AbortSignal): PromiseLike<{ data: string | null; error: unknown }> =>
    event.kind === 'subscription'
      ? admin.rpc('apply_polar_subscription', { ...common, ...subscriptionStateArgs(event.subscription) }).abortSignal(signal)
      : event.kind === 'customer'
        ? admin
            .rpc('link_polar_customer', { ...common, p_customer_id: event.customer.id, p_user_id: userIdOfCustomer(event.customer) })
            .abortSignal(signal)
        : admin
            .rpc('record_polar_webhook_event', { p_webhook_id: webhookId, p_type: event.type, p_payload: payload, p_outcome: 'ignored' })
            .abortSignal(signal)
            .then(({ data: recorded, error }) => ({ data: recorded === false ? 'duplicate' : 'ignored', error }));

  const { data, error } = await withDeadline(write, { ms: WRITE_TIMEOUT_MS });
  if (error) throw new DatabaseWriteError(error);
  return data as WebhookOutcome;
}
