import type { NextRequest } from 'next/server';
import { publicEnv } from '@/env/public';
import { billingCaller } from '@/lib/billing/billing-caller';
import { openCustomerPortal } from '@/lib/billing/portal';
import { badRequest, handleRouteError } from '@/lib/http/errors';
import { jsonResponse, redirectResponse } from '@/lib/http/responses';
import { isNavigation } from '@/lib/http/request';
import { returnUrlOrDefault } from '@/lib/http/return-url';
import { polarAdapter } from '@/lib/payments/polar-adapter';
import { polarKeys } from '@/lib/polar/config';

export const dynamic = 'force-dynamic';

/**
 * GET /api/portal[?returnUrl=] → 200 {url} for fetch callers, 303 to the portal for a page load.
 * Polar's route, whichever provider bills (POST /api/payments/portal serves the active one); 404
 * in a deployment without Polar's keys.
 */
export async function GET(request: NextRequest) {
  try {
    // Who is asking, and their throttle, come first: a signed-out caller gets its 401
    // whatever the query says.
    const caller = await billingCaller('portal');
    polarKeys(); // Polar's route: a 404 where another provider bills without Polar's keys
    const returnUrl = returnUrlOrDefault(request.nextUrl.searchParams.get('returnUrl'), publicEnv.NEXT_PUBLIC_SITE_URL, '/dashboard');
    if (!returnUrl) throw badRequest('Invalid returnUrl');

    const { url } = await openCustomerPortal({ caller, adapter: polarAdapter, returnUrl, notFoundMessage: 'No subscription found' });
    return isNavigation(request) ? redirectResponse(url) : jsonResponse({ url });
  } catch (error) {
    return handleRouteError(error, 'GET /api/portal');
  }
}
