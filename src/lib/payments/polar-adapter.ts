import 'server-only';
import { Checkout, CustomerPortal } from '@polar-sh/nextjs';
import { NextRequest } from 'next/server';
import { USER_ID_METADATA_KEY } from '@/lib/polar/app-user';
import { POLAR_TIMEOUT_MS, polarConfig } from '@/lib/polar/config';
import { withTimeout } from '@/lib/polar/timeout';
import { ProviderError, type PaymentAdapter } from './types';

/** The redirect target of a helper's answer, or a ProviderError. */
export function redirectTarget(response: Response, what: string): string {
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) return location;
  // The helpers log the sdk error themselves and answer an empty 500 (NextResponse.error()).
  throw new ProviderError(`${what} failed: the Polar helper answered ${response.status || 'an error'}`);
}

async function call(handler: (req: NextRequest) => Promise<Response>, request: NextRequest, what: string) {
  const response = await withTimeout(handler(request), POLAR_TIMEOUT_MS, what);
  return { url: redirectTarget(response, what) };
}

// The customer id travels to getCustomerId on the request we build, so one handler (and its sdk
// client) serves every customer; it is built per return URL, which CustomerPortal fixes.
const CUSTOMER_HEADER = 'x-polar-customer-id';
const MAX_PORTAL_HANDLERS = 50;
const portalHandlers = new Map<string, ReturnType<typeof CustomerPortal>>();

function portalHandler(returnUrl: string): ReturnType<typeof CustomerPortal> {
  let handler = portalHandlers.get(returnUrl);
  if (!handler) {
    // Return URLs are on our own origin, but a client may vary them: keep the cache bounded.
    if (portalHandlers.size >= MAX_PORTAL_HANDLERS) portalHandlers.delete(portalHandlers.keys().next().value!);
    handler = CustomerPortal({ ...polarConfig, returnUrl, getCustomerId: async (req) => req.headers.get(CUSTOMER_HEADER) ?? '' });
    portalHandlers.set(returnUrl, handler);
  }
  return handler;
}

let checkoutHandler: { successUrl: string; handler: ReturnType<typeof Checkout> } | undefined;

/**
 * Polar through its official Next.js helpers. They answer redirects (never JSON) and read
 * their input from a request, so each call builds the request itself — identity included,
 * from the server-side user, never from the browser's query string.
 */
export const polarAdapter: PaymentAdapter = {
  provider: 'polar',

  async createPortal(customerId, returnUrl) {
    const request = new NextRequest(returnUrl, { headers: { [CUSTOMER_HEADER]: customerId } });
    return call(portalHandler(returnUrl), request, 'Polar customer session');
  },

  async createCheckout({ productIds, user, successUrl }) {
    // The success URL is the same for every checkout of a deployment: one handler serves all.
    if (checkoutHandler?.successUrl !== successUrl) {
      checkoutHandler = { successUrl, handler: Checkout({ ...polarConfig, successUrl, includeCheckoutId: false }) };
    }
    const input = new URL(successUrl);
    input.search = '';
    for (const id of productIds) input.searchParams.append('products', id);
    input.searchParams.set('customerExternalId', user.id);
    if (user.email) input.searchParams.set('customerEmail', user.email);
    input.searchParams.set('metadata', JSON.stringify({ [USER_ID_METADATA_KEY]: user.id }));
    return call(checkoutHandler.handler, new NextRequest(input), 'Polar checkout');
  },
};
