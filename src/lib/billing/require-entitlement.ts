import 'server-only';
import { forbidden } from '@/lib/http/errors';
import { requestSession, type RequestSession } from '@/lib/supabase/request-session';
import { requireUser, type AppUser } from './current-user';
import { hasEntitlement } from './entitlements';

export interface Entitled {
  user: AppUser;
  caller: RequestSession;
}

/**
 * For route handlers: the signed-in user, if their plan includes `key` — else 401 (signed out)
 * or 403 naming what is missing. Pages that show an upgrade prompt instead use checkEntitlement.
 */
export async function requireEntitlement(key: string): Promise<Entitled> {
  const { user, caller, granted } = await checkEntitlement(key);
  if (!granted) throw forbidden(`This needs a plan that includes ${key}`);
  return { user, caller };
}

/** The signed-in user (401 when signed out) and whether their plan includes `key`. */
export async function checkEntitlement(key: string): Promise<Entitled & { granted: boolean }> {
  const caller = await requestSession();
  const user = requireUser(caller.session);
  return { user, caller, granted: await hasEntitlement(caller.supabase, key) };
}
