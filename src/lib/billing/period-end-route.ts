import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { handleRouteError } from '@/lib/http/errors';
import { readJsonBody } from '@/lib/http/json-body';
import { jsonResponse } from '@/lib/http/responses';
import { activePaymentAdapter } from '@/lib/payments';
import { createAdminClient } from '@/lib/supabase/admin';
import { billingCaller } from './billing-caller';
import type { ChangeResult, SubscriptionChangeInput } from './subscription-changes';

// Nothing to say: an empty body or {}.
const Body = z.strictObject({});

/**
 * The POST handler of a body-less change at period end (cancel, resume): same origin, signed in
 * (401 first), then the body, then the change through the active adapter.
 */
export function periodEndRoute(change: (input: SubscriptionChangeInput) => Promise<ChangeResult>, routeName: string) {
  return async function POST(request: NextRequest) {
    try {
      const caller = await billingCaller('subscription-change', { sameOriginOf: request, confirmWithAuth: true });
      await readJsonBody(request, Body);
      const adapter = activePaymentAdapter();
      return jsonResponse(await change({ caller, adapter, admin: createAdminClient(), listPlans: adapter.listPlans }));
    } catch (error) {
      return handleRouteError(error, routeName);
    }
  };
}
