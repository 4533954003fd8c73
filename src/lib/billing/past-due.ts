import 'server-only';
// What the past-due banner says. Polar decides access (its grants, revoked once its benefit
// revocation grace period is over); the app says until when, from the same setting
// (PAST_DUE_GRACE_DAYS) and the day the payment failed — the date Polar's own past-due email
// gives (subscription/service.py send_past_due_email: past_due_at + the grace period).
import { serverEnv } from '@/env/server';
import { queryFailure } from '@/lib/supabase/query-error';
import type { UserDataClient } from '@/lib/supabase/request-session';
import { withDeadline } from '@/lib/supabase/timeout-fetch';
import { readEntitlements } from './entitlements';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PastDueNotice {
  /** The plan's benefits still hold (Polar has not revoked them yet). */
  accessHeld: boolean;
  /** The last day of access Polar's grace period gives, when one is configured. */
  accessUntil: string | null;
}

/** Null unless the user's current subscription is past due. */
export async function readPastDueNotice(supabase: UserDataClient, userId: string, graceDays = serverEnv.PAST_DUE_GRACE_DAYS): Promise<PastDueNotice | null> {
  const { data, error } = await withDeadline((signal) =>
    supabase.from('user_subscriptions').select('status, past_due_at').eq('user_id', userId).abortSignal(signal).maybeSingle(),
  );
  if (error) throw queryFailure(error, 'Reading the subscription status');
  if (data?.status !== 'past_due') return null;
  const accessHeld = (await readEntitlements(supabase, userId)).length > 0;
  const failedAt = Date.parse(data.past_due_at ?? '');
  const accessUntil = graceDays > 0 && Number.isFinite(failedAt) ? new Date(failedAt + graceDays * DAY_MS).toISOString() : null;
  return { accessHeld, accessUntil };
}
