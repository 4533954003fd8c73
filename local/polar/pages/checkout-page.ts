// Polar's hosted checkout, reduced to: pick the product, confirm the email, pay.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { payCheckout } from '../billing/checkout-payment.ts';
import { checkCustomerEmail } from '../email-check.ts';
import type { StandInContext } from '../context.ts';
import type { CheckoutRecord, ProductJson } from '../types.ts';
import { successUrl } from '../wire.ts';
import { formatMoney, layout, messagePage } from './layout.ts';
import type { Html } from './layout.ts';

function priceLabel(product: ProductJson): string {
  const price = product.prices[0];
  return price?.price_amount !== undefined ? `${formatMoney(price.price_amount, price.price_currency)} / ${product.recurring_interval}` : 'Free';
}

function checkoutForm(checkout: CheckoutRecord, products: ProductJson[], error?: string): Html {
  const selected = products.find((p) => p.id === checkout.product_id) ?? products[0];
  const choice =
    products.length === 1 && selected
      ? html`<input type="hidden" name="product_id" value="${selected.id}" />`
      : html`<fieldset>
          <legend>Plan</legend>
          ${products.map(
            (p) => html`<label><input type="radio" name="product_id" value="${p.id}" ${p.id === selected?.id ? 'checked' : ''} />
              ${p.name} (${priceLabel(p)})</label>`,
          )}
        </fieldset>`;
  return layout(
    'Checkout',
    html`<div class="card">
      <h1>${selected?.name ?? 'Checkout'}</h1>
      <p class="muted">${selected?.description ?? ''}</p>
      <p class="price">${selected ? priceLabel(selected) : ''}</p>
      <form method="post" action="/checkout/${checkout.client_secret}">
        ${choice}
        <label for="email">Email</label>
        ${checkout.customer_id
          ? html`<input id="email" name="email" type="email" readonly value="${checkout.customer_email ?? ''}" />`
          : html`<input id="email" name="email" type="email" autocomplete="email" required value="${checkout.customer_email ?? ''}" />`}
        ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
        <div class="row"><button type="submit">Pay</button></div>
      </form>
    </div>`,
  );
}

export function registerCheckoutPages(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const productsOf = (checkout: CheckoutRecord) =>
    checkout.product_ids.map((id) => store.products.get(id)).filter((p): p is ProductJson => p !== undefined);

  const bySecret = (secret: string) => store.checkouts.where('client_secret', secret)[0];

  app.get('/checkout/:secret', (c) => {
    const checkout = bySecret(c.req.param('secret'));
    if (!checkout) return c.html(messagePage('Checkout not found', 'This checkout link is unknown or has expired.'), 404);
    if (checkout.status === 'succeeded') return c.redirect(successUrl(checkout, ctx.publicUrl()), 303);
    return c.html(checkoutForm(checkout, productsOf(checkout)));
  });

  app.post('/checkout/:secret', async (c) => {
    const checkout = bySecret(c.req.param('secret'));
    if (!checkout) return c.html(messagePage('Checkout not found', 'This checkout link is unknown or has expired.'), 404);
    // A second click (or a resubmitted form) must not create a second subscription.
    if (checkout.status === 'succeeded') return c.redirect(successUrl(checkout, ctx.publicUrl()), 303);
    const form = await c.req.parseBody();
    const productId = typeof form.product_id === 'string' ? form.product_id : checkout.product_id;
    // A linked customer's email cannot be changed on the checkout (service.py _update_checkout).
    const typed = checkout.customer_id ? (checkout.customer_email ?? '') : typeof form.email === 'string' ? form.email.trim() : '';
    const check = checkCustomerEmail(typed);
    if (!check.ok) return c.html(checkoutForm({ ...checkout, customer_email: typed }, productsOf(checkout), check.reason), 422);
    const chosen = checkout.product_ids.includes(productId) ? productId : checkout.product_id;
    const paid = payCheckout(ctx, { ...checkout, customer_email: check.email }, check.email, chosen);
    if (!paid.ok) return c.html(checkoutForm(checkout, productsOf(checkout), paid.refusal.detail), paid.refusal.status as 403 | 409 | 422);
    // The webhooks are queued, not awaited: Polar redirects before its events arrive.
    return c.redirect(successUrl(checkout, ctx.publicUrl()), 303);
  });

  app.get('/checkout/:secret/confirmation', (c) => {
    const checkout = bySecret(c.req.param('secret'));
    if (!checkout) return c.html(messagePage('Checkout not found', 'This checkout link is unknown.'), 404);
    return c.html(messagePage('Payment received', 'Thank you! Your subscription is active.'));
  });
}
