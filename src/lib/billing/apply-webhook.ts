// Applies one verified Polar webhook delivery to the database, through the SQL write functions
// (which deduplicate on webhook-id and order states by modified_at under a row lock).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { PolarEvent } from '@/lib/polar/webhook-events';
import { userIdOfCustomer } from '@/lib/polar/app-user';
import { subscriptionState } from '@/lib/polar/subscription-state';
import type { Database, Json } from '@/lib/supabase/database.types';
import { withDeadline } from '@/lib/supabase/timeout-fetch';
import { benefitGrantArgs, customerStateArgs, subscriptionStateArgs } from './subscription-state';

export type WebhookOutcome = 'applied' | 'stale' | 'duplicate' | 'unmatched' | 'ignored' | 'unreadable' | 'conflict';

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

/**
 * `webhookId` null: the event is applied without being recorded (the operator applying a
 * stored delivery again; it is recorded already).
 */
export async function applyWebhook(
  admin: SupabaseClient<Database>,
  webhookId: string | null,
  event: PolarEvent,
  payload: Json,
): Promise<WebhookOutcome> {
  const common = { p_webhook_id: webhookId ?? undefined, p_event_type: event.type, p_payload: payload };
  /** Kept with `outcome` and nothing else written (a redelivery answers the same). */
  const record = async (signal: AbortSignal, outcome: 'ignored' | 'unreadable') =>
    webhookId === null
      ? { data: outcome, error: null }
      : admin.rpc('keep_polar_webhook_event', { p_webhook_id: webhookId, p_type: event.type, p_payload: payload, p_outcome: outcome }).abortSignal(signal);
  const write = (signal: AbortSignal): PromiseLike<{ data: string | null; error: unknown }> => {
    switch (event.kind) {
      case 'subscription':
        return admin.rpc('apply_polar_subscription', { ...common, ...subscriptionStateArgs(subscriptionState(event.subscription), event.eventAt) }).abortSignal(signal);
      case 'customer':
        return admin.rpc('link_polar_customer', { ...common, p_customer_id: event.customer.id, p_external_user_id: userIdOfCustomer(event.customer) }).abortSignal(signal);
      case 'benefit_grant':
        return admin.rpc('apply_polar_benefit_grant', { ...common, ...benefitGrantArgs(event.grant) }).abortSignal(signal);
      case 'customer_state':
        return admin.rpc('apply_polar_customer_state', { ...common, ...customerStateArgs(event.state, event.asOf) }).abortSignal(signal);
      case 'unreadable':
        return record(signal, 'unreadable');
      case 'other':
        return record(signal, 'ignored');
    }
  };

  const { data, error } = await withDeadline(write, { ms: WRITE_TIMEOUT_MS });
  if (error) throw new DatabaseWriteError(error);
  return data as WebhookOutcome;
}

/** What the write function recorded about a conflict: the customer and both users it involves. */
export async function conflictDetail(admin: SupabaseClient<Database>, webhookId: string): Promise<string> {
  const { data } = await withDeadline(
    (signal) => admin.from('polar_webhook_events').select('detail').eq('webhook_id', webhookId).abortSignal(signal).maybeSingle(),
    { ms: WRITE_TIMEOUT_MS },
  ).catch(() => ({ data: null }));
  return data?.detail ?? '(no detail recorded)';
}
