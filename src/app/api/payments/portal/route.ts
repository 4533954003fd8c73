import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { publicEnv } from '@/env/public';
import { billingCaller } from '@/lib/billing/billing-caller';
import { openCustomerPortal } from '@/lib/billing/portal';
import { readJsonBody } from '@/lib/http/json-body';
import { badRequest, handleRouteError } from '@/lib/http/errors';
import { jsonResponse } from '@/lib/http/responses';
import { returnUrlOrDefault } from '@/lib/http/return-url';
import { activePaymentAdapter } from '@/lib/payments';

export const dynamic = 'force-dynamic';

const Body = z.object({ returnUrl: z.string().optional() });

/** POST /api/payments/portal {returnUrl?} → 200 {url}. */
export async function POST(request: NextRequest) {
  try {
    // Who is asking, whether the request comes from the app itself, their throttle; then the body.
    const caller = await billingCaller('portal', { sameOriginOf: request });
    const body = await readJsonBody(request, Body);
    const returnUrl = returnUrlOrDefault(body.returnUrl, publicEnv.NEXT_PUBLIC_SITE_URL, '/dashboard');
    if (!returnUrl) throw badRequest('Invalid returnUrl');

    const portal = await openCustomerPortal({ caller, adapter: activePaymentAdapter(), returnUrl, notFoundMessage: 'No customer found' });
    return jsonResponse(portal);
  } catch (error) {
    // This route's documented contract has one body for every unexpected failure.
    return handleRouteError(error, 'POST /api/payments/portal', { internalMessage: 'Internal Server Error', upstreamAsInternal: true });
  }
}
