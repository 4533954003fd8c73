import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { billingCaller } from '@/lib/billing/billing-caller';
import { changePlan } from '@/lib/billing/subscription-changes';
import { handleRouteError } from '@/lib/http/errors';
import { readJsonBody } from '@/lib/http/json-body';
import { jsonResponse } from '@/lib/http/responses';
import { activePaymentAdapter } from '@/lib/payments';
import { createAdminClient } from '@/lib/supabase/admin';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ productId: z.string().min(1).max(200) });

/**
 * POST /api/subscription/change-plan {productId} → 200 {subscription, summary}: an upgrade now
 * (the difference charged at once), a downgrade at the next renewal, or the current plan kept
 * when a switch to another is scheduled.
 */
export async function POST(request: NextRequest) {
  try {
    // Money moves: the session must still exist at Auth. Only then is the body read.
    const caller = await billingCaller('subscription-change', { sameOriginOf: request, confirmWithAuth: true });
    const { productId } = await readJsonBody(request, Body);
    const adapter = activePaymentAdapter();
    const result = await changePlan({ caller, adapter, admin: createAdminClient(), listPlans: adapter.listPlans }, productId);
    return jsonResponse(result);
  } catch (error) {
    return handleRouteError(error, 'POST /api/subscription/change-plan');
  }
}
