import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { publicEnv } from '@/env/public';
import { requireUser } from '@/lib/billing/current-user';
import { deleteAccount } from '@/lib/billing/delete-account';
import { handleRouteError } from '@/lib/http/errors';
import { readJsonBody } from '@/lib/http/json-body';
import { assertSameOrigin } from '@/lib/http/request';
import { jsonResponse } from '@/lib/http/responses';
import { activePaymentAdapter } from '@/lib/payments';
import { createAdminClient } from '@/lib/supabase/admin';
import { confirmUserWithAuth } from '@/lib/supabase/confirm-user';
import { requestSession } from '@/lib/supabase/request-session';
import { createClient } from '@/lib/supabase/server';

export const dynamic = 'force-dynamic';

const Body = z.object({ confirmation: z.string().max(320) });

/** POST /api/account/delete {confirmation: <the user's email>} → 200 {deleted: true, endedSubscriptions}. */
export async function POST(request: NextRequest) {
  try {
    // Who is asking first: a signed-out caller learns nothing else.
    const caller = await requestSession();
    const signedIn = requireUser(caller.session);
    assertSameOrigin(request, publicEnv.NEXT_PUBLIC_SITE_URL);
    const user = await confirmUserWithAuth(caller, signedIn);
    const { confirmation } = await readJsonBody(request, Body);
    const { endedSubscriptions } = await deleteAccount({ admin: createAdminClient(), adapter: activePaymentAdapter(), user, confirmation });
    // The session cookies go too (the session itself went with the user).
    await (await createClient()).auth.signOut({ scope: 'local' });
    return jsonResponse({ deleted: true, endedSubscriptions });
  } catch (error) {
    return handleRouteError(error, 'POST /api/account/delete');
  }
}
