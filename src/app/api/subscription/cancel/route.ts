import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { billingCaller } from '@/lib/billing/billing-caller';
import { cancelSubscription } from '@/lib/billing/subscription-changes';
import { handleRouteError } from '@/lib/http/errors';
import { readJsonBody } from '@/lib/http/json-body';
import { jsonResponse } from '@/lib/http/responses';
import { activePaymentAdapter } from '@/lib/payments';
import { listPlans } from '@/lib/polar/plans';
import { createAdminClient } from '@/lib/supabase/admin';

export const dynamic = 'force-dynamic';

// Nothing to say: an empty body or {}.
const Body = z.strictObject({});

/** POST /api/subscription/cancel → 200 {subscription, summary}: the subscription ends when the period does. */
export async function POST(request: NextRequest) {
  try {
    const caller = await billingCaller('subscription-change', { sameOriginOf: request, confirmWithAuth: true });
    await readJsonBody(request, Body);
    const result = await cancelSubscription({ caller, adapter: activePaymentAdapter(), admin: createAdminClient(), listPlans });
    return jsonResponse(result);
  } catch (error) {
    return handleRouteError(error, 'POST /api/subscription/cancel');
  }
}
