// The stand-in's signed links, shaped like Lemon Squeezy's (the `urls` example in
// docs.lemonsqueezy.com/guides/developer-guide/customer-portal): the customer portal
// `…/billing?expires=<unix>&user=<customer id>&signature=<hex>`, "valid for 24 hours from time of
// request" (docs.lemonsqueezy.com/api/customers), a subscription's
// `…/subscription/<id>/payment-details?expires=…&signature=…` (given the same 24 h), and a
// checkout's `…/checkout/custom/<uuid>?signature=…`. The signature is an HMAC-SHA256 (hex) with
// the stand-in's own key over the link's path and parameters, so a changed or expired link fails.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LemonSqueezyContext } from './context.ts';

export const LINK_VALIDITY_MS = 24 * 3_600_000;

const sign = (key: string, material: string) => createHmac('sha256', key).update(material).digest('hex');

function signedUrl(ctx: LemonSqueezyContext, path: string, params: Record<string, string>): string {
  const url = new URL(`${ctx.publicUrl()}${path}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  url.searchParams.set('signature', sign(ctx.linkKey, `${path}?${new URLSearchParams(params).toString()}`));
  return url.toString();
}

const expiry = (ctx: LemonSqueezyContext) => String(Math.floor((ctx.clock.now().getTime() + LINK_VALIDITY_MS) / 1000));

export const portalUrl = (ctx: LemonSqueezyContext, customerId: string) => signedUrl(ctx, '/billing', { expires: expiry(ctx), user: customerId });

export const paymentDetailsUrl = (ctx: LemonSqueezyContext, subscriptionId: string) => signedUrl(ctx, `/subscription/${subscriptionId}/payment-details`, { expires: expiry(ctx) });

export const checkoutUrl = (ctx: LemonSqueezyContext, checkoutId: string) => signedUrl(ctx, `/checkout/custom/${checkoutId}`, {});

/**
 * Whether a request's link is one the stand-in signed and, when it carries `expires`, still
 * valid by the stand-in's clock. `names` are the parameters signed, in signing order.
 */
export function verifySignedLink(ctx: LemonSqueezyContext, requestUrl: string, names: string[]): boolean {
  const url = new URL(requestUrl);
  const params: Record<string, string> = {};
  for (const name of names) {
    const value = url.searchParams.get(name);
    if (value === null) return false;
    params[name] = value;
  }
  const expected = Buffer.from(sign(ctx.linkKey, `${url.pathname}?${new URLSearchParams(params).toString()}`));
  const given = Buffer.from(url.searchParams.get('signature') ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return params.expires === undefined || Number(params.expires) * 1000 > ctx.clock.now().getTime();
}
