import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { billingCaller } from '@/lib/billing/billing-caller';
import { resumeSubscription } from '@/lib/billing/subscription-changes';
import { handleRouteError } from '@/lib/http/errors';
import { readJsonBody } from '@/lib/http/json-body';
import { jsonResponse } from '@/lib/http/responses';
import { activePaymentAdapter } from '@/lib/payments';
import { listPlans } from '@/lib/polar/plans';
import { createAdminClient } from '@/lib/supabase/admin';

export const dynamic = 'force-dynamic';

// Nothing to say: an empty body or {}.
const Body = z.strictObject({});

/** POST /api/subscription/resume → 200 {subscription, summary}: a cancellation at period end undone. */
export async function POST(request: NextRequest) {
  try {
    const caller = await billingCaller('subscription-change', { sameOriginOf: request, confirmWithAuth: true });
    await readJsonBody(request, Body);
    const result = await resumeSubscription({ caller, adapter: activePaymentAdapter(), admin: createAdminClient(), listPlans });
    return jsonResponse(result);
  } catch (error) {
    return handleRouteError(error, 'POST /api/subscription/resume');
  }
}
