import type { NextRequest } from 'next/server';
import { publicEnv } from '@/env/public';
import { billingCaller } from '@/lib/billing/billing-caller';
import { startCheckout } from '@/lib/billing/checkout';
import { recordCheckout } from '@/lib/billing/record-checkout';
import { ApiError, handleRouteError } from '@/lib/http/errors';
import { isNavigation } from '@/lib/http/request';
import { jsonResponse, redirectResponse } from '@/lib/http/responses';
import { activePaymentAdapter } from '@/lib/payments';

export const dynamic = 'force-dynamic';

/**
 * GET /api/checkout?products=<id> → the hosted checkout (303 for a page load, {url} for fetch).
 * Only `products` is read from the query, and only once the caller is known: who pays comes
 * from the session.
 */
export async function GET(request: NextRequest) {
  const navigation = isNavigation(request);
  try {
    // Money moves from here: the session must still exist at Auth, not only verify.
    const { user, supabase } = await billingCaller('checkout', { confirmWithAuth: true });
    const adapter = activePaymentAdapter();
    const { url } = await startCheckout({
      supabase,
      adapter,
      user,
      productIds: request.nextUrl.searchParams.getAll('products'),
      listPlans: adapter.listPlans,
      siteUrl: publicEnv.NEXT_PUBLIC_SITE_URL,
      recordCheckout,
    });
    return navigation ? redirectResponse(url) : jsonResponse({ url });
  } catch (error) {
    // A page load without a session signs in first and comes back here.
    if (navigation && error instanceof ApiError && error.status === 401) {
      const login = new URL('/login', publicEnv.NEXT_PUBLIC_SITE_URL);
      login.searchParams.set('next', `${request.nextUrl.pathname}${request.nextUrl.search}`);
      return redirectResponse(login.href);
    }
    return handleRouteError(error, 'GET /api/checkout');
  }
}
