// What the signed-in user's plan gives them: Polar's benefit grants, kept in
// public.user_entitlements by the webhooks, read with the user's own client (RLS: their rows).
// This is what a product gates on — not a subscription status. Each benefit's metadata `key`
// (set in Polar's dashboard, e.g. `pro`) is what code asks for.
import { queryFailure } from '@/lib/supabase/query-error';
import type { UserDataClient } from '@/lib/supabase/request-session';
import { withDeadline } from '@/lib/supabase/timeout-fetch';

export interface Entitlement {
  key: string;
  description: string | null;
}

/** The user's granted, unrevoked benefits that carry a key, one per key. */
export async function readEntitlements(supabase: UserDataClient, userId: string): Promise<Entitlement[]> {
  const { data, error } = await withDeadline((signal) =>
    supabase
      .from('user_entitlements')
      .select('key, description')
      .eq('user_id', userId)
      .not('granted_at', 'is', null)
      .is('revoked_at', null)
      .not('key', 'is', null)
      .order('key')
      .abortSignal(signal),
  );
  if (error) throw queryFailure(error, 'Reading the entitlements');
  const byKey = new Map<string, Entitlement>();
  for (const row of data ?? []) if (row.key && !byKey.has(row.key)) byKey.set(row.key, { key: row.key, description: row.description });
  return [...byKey.values()];
}

/** Whether the user holds the entitlement `key`: the same SQL function RLS policies call. */
export async function hasEntitlement(supabase: UserDataClient, key: string): Promise<boolean> {
  const { data, error } = await withDeadline((signal) => supabase.rpc('has_entitlement', { p_key: key }).abortSignal(signal));
  if (error) throw queryFailure(error, `Checking the ${key} entitlement`);
  return data === true;
}
