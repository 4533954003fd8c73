import type { NextRequest } from 'next/server';
import { publicEnv } from '@/env/public';
import { startCheckout } from '@/lib/billing/checkout';
import { requireUser } from '@/lib/billing/current-user';
import { ApiError, handleRouteError } from '@/lib/http/errors';
import { isNavigation } from '@/lib/http/request';
import { jsonResponse, redirectResponse } from '@/lib/http/responses';
import { activePaymentAdapter } from '@/lib/payments';
import { listPlans } from '@/lib/polar/plans';
import { requestSession } from '@/lib/supabase/request-session';

export const dynamic = 'force-dynamic';

/**
 * GET /api/checkout?products=<id> → the hosted checkout (303 for a page load, {url} for fetch).
 * Only `products` is read from the query: who pays comes from the session.
 */
export async function GET(request: NextRequest) {
  const navigation = isNavigation(request);
  try {
    const { supabase, session } = await requestSession();
    const user = requireUser(session);
    const { url } = await startCheckout({
      supabase,
      adapter: activePaymentAdapter(),
      user,
      productIds: request.nextUrl.searchParams.getAll('products'),
      listPlans,
      siteUrl: publicEnv.NEXT_PUBLIC_SITE_URL,
    });
    return navigation ? redirectResponse(url) : jsonResponse({ url });
  } catch (error) {
    if (navigation && error instanceof ApiError && error.status === 401) {
      const login = new URL('/login', publicEnv.NEXT_PUBLIC_SITE_URL);
      login.searchParams.set('next', `${request.nextUrl.pathname}${request.nextUrl.search}`);
      return redirectResponse(login.href);
    }
    return handleRouteError(error, 'GET /api/checkout');
  }
}
