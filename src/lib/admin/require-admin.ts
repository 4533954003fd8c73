import 'server-only';
import { notFound } from '@/lib/http/errors';
import { createAdminClient } from '@/lib/supabase/admin';
import { requestSession } from '@/lib/supabase/request-session';

export interface Operator {
  id: string;
  email: string | undefined;
}

/**
 * The signed-in operator: a user whose `app_metadata.role` is `admin` (set with SQL or in the
 * Supabase dashboard; only the service role can write app_metadata). Asked of Supabase Auth
 * itself, so a role taken away counts at once, not when the token expires. Anyone else —
 * signed out included — gets a 404: the operator pages do not exist for them.
 */
export async function requireOperator(): Promise<Operator> {
  const caller = await requestSession();
  if (caller.session.kind !== 'signed-in') throw notFound('Not found');
  const token = await caller.accessToken();
  if (!token) throw notFound('Not found');
  const { data, error } = await createAdminClient().auth.getUser(token);
  if (error || data.user?.app_metadata?.role !== 'admin') throw notFound('Not found');
  return { id: data.user.id, email: data.user.email };
}
