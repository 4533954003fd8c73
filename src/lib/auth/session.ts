import 'server-only';
import { createClient } from '@/lib/supabase/server';

/** Whether this request carries a valid session: for layout choices, not for authorization. */
export async function isSignedIn(): Promise<boolean> {
  const supabase = await createClient();
  const { data } = await supabase.auth.getClaims();
  return Boolean(data?.claims?.sub);
}
