import 'server-only';
import { requestSession } from '@/lib/supabase/request-session';

/** Whether this request carries a valid session: for layout choices, not for authorization. */
export async function isSignedIn(): Promise<boolean> {
  return (await requestSession()).session.kind === 'signed-in';
}
