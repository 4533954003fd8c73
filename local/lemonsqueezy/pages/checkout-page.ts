// Lemon Squeezy's hosted checkout, reduced to: see the plan, give an email (unless
// `checkout_data.email` prefilled it), pay. Paying redirects to `product_options.redirect_url`
// (or shows the confirmation when there is none); the webhooks are queued, not awaited. The link
// is the signed one the API answered; a changed or expired link does not open.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { completeCheckout } from '../billing/checkout-completion.ts';
import type { LemonSqueezyContext } from '../context.ts';
import { verifySignedLink } from '../signed-links.ts';
import type { CheckoutRecord } from '../types.ts';
import { money } from '../wire.ts';
import { lemonPage, messagePage, type Html } from './layout.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function payForm(ctx: LemonSqueezyContext, checkout: CheckoutRecord, action: string, typed: string, error?: string): Html {
  const variant = ctx.store.variants.get(checkout.variant_id)!;
  const product = ctx.store.products.get(variant.product_id)!;
  return lemonPage(
    'Checkout',
    html`<section>
      <h1>Subscribe to ${product.name}</h1>
      <p>${money(variant.price)} per ${variant.interval}</p>
      <form method="post" action="${action}">
        <label for="email">Email</label>
        ${checkout.email
          ? html`<input id="email" name="email" type="email" readonly value="${checkout.email}" />`
          : html`<input id="email" name="email" type="email" autocomplete="email" required value="${typed}" />`}
        ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
        <button type="submit">Pay</button>
      </form>
    </section>`,
  );
}

const redirectUrl = (checkout: CheckoutRecord) => (typeof checkout.product_options.redirect_url === 'string' && checkout.product_options.redirect_url) || null;

export function registerCheckoutPages(app: Hono, ctx: LemonSqueezyContext): void {
  const { store } = ctx;
  const unknown = messagePage('Checkout not found', 'This checkout link is unknown or has been changed.');
  const paid = messagePage('Thanks for your order!', 'Your subscription is active. You can close this page.');
  const expired = (k: CheckoutRecord) => k.expires_at !== null && Date.parse(k.expires_at) <= ctx.clock.now().getTime();
  const action = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;

  app.get('/checkout/custom/:id', (c) => {
    const checkout = store.checkouts.get(c.req.param('id'));
    if (!checkout || !verifySignedLink(ctx, c.req.url, [])) return c.html(unknown, 404);
    if (checkout.order_id) return redirectUrl(checkout) ? c.redirect(redirectUrl(checkout)!, 303) : c.html(paid);
    if (expired(checkout)) return c.html(messagePage('Checkout expired', 'This checkout link has expired.'), 410);
    return c.html(payForm(ctx, checkout, action(c.req.url), ''));
  });

  app.post('/checkout/custom/:id', async (c) => {
    const checkout = store.checkouts.get(c.req.param('id'));
    if (!checkout || !verifySignedLink(ctx, c.req.url, [])) return c.html(unknown, 404);
    // A second click (or a resubmitted form) must not create a second subscription.
    if (checkout.order_id) return redirectUrl(checkout) ? c.redirect(redirectUrl(checkout)!, 303) : c.html(paid);
    if (expired(checkout)) return c.html(messagePage('Checkout expired', 'This checkout link has expired.'), 410);
    const form = await c.req.parseBody();
    const email = checkout.email ?? (typeof form.email === 'string' ? form.email.trim() : '');
    if (!EMAIL.test(email)) return c.html(payForm(ctx, checkout, action(c.req.url), email, 'Please enter a valid email address.'), 422);
    completeCheckout(ctx, checkout, email);
    return redirectUrl(checkout) ? c.redirect(redirectUrl(checkout)!, 303) : c.html(paid);
  });
}
