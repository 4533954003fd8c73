// The operator's "apply this stored delivery again": a delivery kept without being applied
// (no user yet, a conflict since resolved by hand) runs through the write path once more —
// without its webhook-id, which dedupe would stop — and its recorded outcome is updated.
import type { SupabaseClient } from '@supabase/supabase-js';
import { ApiError, notFound } from '@/lib/http/errors';
import { parsePolarEvent } from '@/lib/polar/webhook-events';
import type { Database } from '@/lib/supabase/database.types';
import { applyWebhook } from './apply-webhook';

export async function reapplyDelivery(admin: SupabaseClient<Database>, webhookId: string, operator: { email: string | undefined }): Promise<{ outcome: string }> {
  const { data: stored, error } = await admin.from('polar_webhook_events').select('type, payload, user_id').eq('webhook_id', webhookId).maybeSingle();
  if (error) throw new Error(`Reading delivery ${webhookId} failed: ${error.message}`, { cause: error });
  if (!stored) throw notFound('No such delivery');
  const event = parsePolarEvent(stored.payload);
  if (!event || event.kind === 'other' || event.kind === 'unreadable') {
    throw new ApiError(409, `This delivery cannot be applied: ${event?.kind === 'unreadable' ? event.problem : 'the app does not act on its type'}`);
  }
  const outcome = await applyWebhook(admin, null, event, stored.payload);
  const detail = `applied again by ${operator.email ?? 'an operator'} at ${new Date().toISOString()}: ${outcome}`;
  const { error: markError } = await admin.rpc('set_polar_webhook_outcome', { p_webhook_id: webhookId, p_outcome: outcome, p_user_id: stored.user_id ?? undefined, p_detail: detail });
  if (markError) throw new Error(`Recording the new outcome of ${webhookId} failed: ${markError.message}`, { cause: markError });
  return { outcome };
}
