// Applies one verified Stripe or Lemon Squeezy delivery through the same SQL write functions as
// Polar's (apply_subscription dedupes on the event id and orders states under the row lock).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { PaymentProvider } from '@/lib/payments/types';
import type { ProviderEvent } from '@/lib/payments/webhook-event';
import type { Database, Json } from '@/lib/supabase/database.types';
import { withDeadline } from '@/lib/supabase/timeout-fetch';
import { DatabaseWriteError, type WebhookOutcome } from './apply-webhook';
import { subscriptionStateArgs } from './subscription-state';

/** Stripe waits up to 10 s (Lemon Squeezy about as long); a write still pending after this is answered 500. */
const WRITE_TIMEOUT_MS = 5_000;

export async function applyProviderWebhook(
  admin: SupabaseClient<Database>,
  provider: Exclude<PaymentProvider, 'polar'>,
  eventId: string,
  event: ProviderEvent,
  payload: Json,
): Promise<WebhookOutcome> {
  const common = { p_provider: provider, p_event_id: eventId, p_event_type: event.type, p_payload: payload };
  const keep = (signal: AbortSignal, outcome: 'ignored' | 'unreadable') =>
    admin.rpc('keep_webhook_event', { p_provider: provider, p_event_id: eventId, p_type: event.type, p_payload: payload, p_outcome: outcome }).abortSignal(signal);
  const write = (signal: AbortSignal): PromiseLike<{ data: string | null; error: unknown }> => {
    switch (event.kind) {
      case 'subscription':
        return admin
          .rpc('apply_subscription', { ...common, ...subscriptionStateArgs(event.state, event.read ? event.state.readAt : event.eventAt), p_read: event.read ?? false })
          .abortSignal(signal);
      case 'customer':
        return admin.rpc('link_billing_customer', { ...common, p_customer_id: event.customerId, p_claimed_user_id: event.claimedUserId }).abortSignal(signal);
      case 'unreadable':
        return keep(signal, 'unreadable');
      case 'other':
        return keep(signal, 'ignored');
    }
  };
  const { data, error } = await withDeadline(write, { ms: WRITE_TIMEOUT_MS });
  if (error) throw new DatabaseWriteError(error);
  return data as WebhookOutcome;
}

/** What the write function recorded about a delivery it kept without applying. */
export async function providerEventDetail(admin: SupabaseClient<Database>, provider: string, eventId: string): Promise<string> {
  const { data } = await withDeadline(
    (signal) => admin.from('provider_webhook_events').select('detail').eq('provider', provider).eq('event_id', eventId).abortSignal(signal).maybeSingle(),
    { ms: WRITE_TIMEOUT_MS },
  ).catch(() => ({ data: null }));
  return data?.detail ?? '(no detail recorded)';
}
