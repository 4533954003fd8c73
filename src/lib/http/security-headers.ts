// The browser-side hardening of every answer. Pages get a Content-Security-Policy with a fresh
// nonce from the middleware (Next reads the nonce from the request's CSP header and puts it on
// its own scripts: next/dist/server/app-render/get-script-nonce-from-header.js); everything gets
// the headers below from next.config.ts. Plain values in, strings out: next.config imports this
// file too, where the app's module aliases do not exist.

export interface PolicyOrigins {
  /** Supabase, for the browser client (src/lib/supabase/client.ts): REST, Auth, Realtime. */
  supabaseUrl: string;
  /** Where the active provider's hosted checkout and portal pages live (see paymentPagesOrigins). */
  paymentPagesOrigins: string;
  /** Over https, ask the browser to upgrade any http subresource. */
  https: boolean;
}

export interface PaymentPagesEnv {
  PAYMENT_PROVIDER: 'polar' | 'stripe' | 'lemonsqueezy';
  POLAR_API_URL?: string;
  POLAR_SERVER?: 'sandbox' | 'production';
  STRIPE_API_URL?: string;
  LEMONSQUEEZY_API_URL?: string;
}

/**
 * The origins of the active provider's hosted pages, or of its offline stand-in, which serves its
 * pages where it serves its API:
 *  - Polar: its frontend (checkout and portal URLs are FRONTEND_BASE_URL + /checkout/… or
 *    /…/portal, polarsource/polar server/polar/config.py);
 *  - Stripe: Checkout on checkout.stripe.com, the customer portal on billing.stripe.com;
 *  - Lemon Squeezy: the store's own subdomain (`<store>.lemonsqueezy.com/checkout/…`, `/billing`).
 */
export function paymentPagesOrigins(env: PaymentPagesEnv): string {
  switch (env.PAYMENT_PROVIDER) {
    case 'stripe':
      return env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL).origin : 'https://checkout.stripe.com https://billing.stripe.com';
    case 'lemonsqueezy':
      return env.LEMONSQUEEZY_API_URL ? new URL(env.LEMONSQUEEZY_API_URL).origin : 'https://*.lemonsqueezy.com';
    case 'polar':
      if (env.POLAR_API_URL) return new URL(env.POLAR_API_URL).origin;
      return env.POLAR_SERVER === 'production' ? 'https://polar.sh' : 'https://sandbox.polar.sh';
  }
}

/** 128 random bits, base64: unguessable, and new for every page request. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * A page's policy. Scripts: only those carrying this response's nonce, and what they load
 * ('strict-dynamic'; 'self' is for browsers without it). Styles: the app's own stylesheet (Tailwind
 * emits a file) and the nonce — no inline style attributes, which a nonce cannot cover. The
 * browser talks to the app and, through the Supabase browser client, to Supabase; forms post to
 * the app, whose redirects may continue to the provider's hosted pages (Chromium checks form-action
 * along a form submission's redirects, e.g. a no-JavaScript sign-up that goes on to checkout).
 * Nobody may frame a page. In development Next needs eval (React's error overlay) and inline
 * styles (its dev overlay).
 */
export function contentSecurityPolicy(nonce: string, origins: PolicyOrigins, development = false): string {
  const supabase = new URL(origins.supabaseUrl);
  const realtime = `${supabase.protocol === 'https:' ? 'wss:' : 'ws:'}//${supabase.host}`;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${supabase.origin} ${realtime}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${origins.paymentPagesOrigins}`,
    "frame-ancestors 'none'",
    ...(origins.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** API routes answer JSON (or redirect): nothing in them may load, run or frame anything. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Headers for every answer, pages, routes and static files alike. HSTS only from production
 * builds: browsers ignore it over plain http (RFC 6797 §8.1), and a development server on
 * localhost over https must not pin every localhost app to https for two years.
 */
export function responseSecurityHeaders(production: boolean): Array<{ key: string; value: string }> {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // For browsers that predate frame-ancestors; the others ignore it in favour of the CSP.
    { key: 'X-Frame-Options', value: 'DENY' },
    ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
  ];
}
