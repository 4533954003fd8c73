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

/**
 * Polar through its official Next.js helpers. They answer redirects (never JSON) and read
 * their input from a request, so each call builds the request itself — identity included,
 * from the server-side user, never from the browser's query string.
 */
export const polarAdapter: PaymentAdapter = {
  provider: 'polar',

  async createPortal(customerId, returnUrl) {
    // The return URL is fixed when the handler is built, so one is built per call.
    const handler = CustomerPortal({ ...polarConfig, returnUrl, getCustomerId: async () => customerId });
    return call(handler, new NextRequest(returnUrl), 'Polar customer session');
  },

  async createCheckout({ productIds, user, successUrl }) {
    const handler = Checkout({ ...polarConfig, successUrl, includeCheckoutId: false });
    const input = new URL(successUrl);
    input.search = '';
    for (const id of productIds) input.searchParams.append('products', id);
    input.searchParams.set('customerExternalId', user.id);
    if (user.email) input.searchParams.set('customerEmail', user.email);
    input.searchParams.set('metadata', JSON.stringify({ [USER_ID_METADATA_KEY]: user.id }));
    return call(handler, new NextRequest(input), 'Polar checkout');
  },
};
