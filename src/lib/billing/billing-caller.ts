import 'server-only';
import { publicEnv } from '@/env/public';
import { assertSameOrigin } from '@/lib/http/request';
import { throttleBillingCall, type BillingAction } from '@/lib/rate-limit/throttles';
import { confirmUserWithAuth } from '@/lib/supabase/confirm-user';
import { requestSession, type UserDataClient } from '@/lib/supabase/request-session';
import { requireUser, type AppUser } from './current-user';

export interface BillingCaller {
  user: AppUser;
  /** Acts as the user: their billing row is read under Row Level Security. */
  supabase: UserDataClient;
}

/**
 * The first step of every billing route, before it reads its body or query: who is calling
 * (401 signed out, 503 when Auth cannot say), for a state-changing route whether the request
 * comes from the app itself (403), then the user's throttle for `action` (429). A signed-out
 * caller learns nothing about how its input would have been judged, and a refused request
 * spends nothing of the user's allowance. Where money moves (`confirmWithAuth`), Supabase Auth
 * itself confirms the session still exists: a signed-out user's unexpired token is refused.
 */
export async function billingCaller(action: BillingAction, options: { sameOriginOf?: Request; confirmWithAuth?: boolean } = {}): Promise<BillingCaller> {
  const caller = await requestSession();
  let user = requireUser(caller.session);
  if (options.sameOriginOf) assertSameOrigin(options.sameOriginOf, publicEnv.NEXT_PUBLIC_SITE_URL);
  if (options.confirmWithAuth) user = await confirmUserWithAuth(caller, user);
  await throttleBillingCall(action, user.id);
  return { user, supabase: caller.supabase };
}
