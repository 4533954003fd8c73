import 'server-only';
import { verifiedClaims } from '@/lib/supabase/claims';
import { createClient } from '@/lib/supabase/server';

/** Whether this request carries a valid session: for layout choices, not for authorization. */
export async function isSignedIn(): Promise<boolean> {
  return (await verifiedClaims(await createClient())).kind === 'signed-in';
}
