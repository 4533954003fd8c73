// Stripe's hosted Checkout, reduced to: see the plan, give an email (when the session has no
// customer), pay. Paying redirects to success_url; the webhooks are queued, not awaited, as
// Stripe redirects before its events arrive.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { checkEmail } from '../api/customers.ts';
import { completeCheckout, successRedirect } from '../billing/checkout-completion.ts';
import type { StripeContext } from '../context.ts';
import { StripeError } from '../errors.ts';
import { unixSeconds } from '../ids.ts';
import type { CheckoutSessionRecord } from '../types.ts';
import { formatMoney, messagePage, stripePage, type Html } from './layout.ts';

function payForm(ctx: StripeContext, session: CheckoutSessionRecord, error?: string): Html {
  const line = session.line_items[0]!;
  const price = ctx.store.prices.get(line.price)!;
  const product = ctx.store.products.get(price.product);
  const email = session.customer ? ctx.store.customers.get(session.customer)?.email : session.customer_email;
  // A session for a customer, or with customer_email, pays with that email: the field is fixed.
  const fixed = session.customer !== null || session.customer_email !== null;
  return stripePage(
    'Checkout',
    html`<section>
      <h1>Subscribe to ${product?.name ?? price.id}</h1>
      <p>${formatMoney(price.unit_amount * line.quantity, price.currency)} per ${price.recurring?.interval ?? 'month'}</p>
      <form method="post" action="/c/pay/${session.id}">
        <label for="email">Email</label>
        ${fixed
          ? html`<input id="email" name="email" type="email" readonly value="${email ?? ''}" />`
          : html`<input id="email" name="email" type="email" autocomplete="email" required value="${email ?? ''}" />`}
        ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
        <button type="submit">Pay</button>
      </form>
      ${session.cancel_url ? html`<p><a href="${session.cancel_url}">Back</a></p>` : ''}
    </section>`,
  );
}

export function registerCheckoutPages(app: Hono, ctx: StripeContext): void {
  const { store } = ctx;
  const unknown = messagePage('Checkout not found', 'This checkout link is unknown.');
  const expired = (s: CheckoutSessionRecord) => s.status === 'open' && s.expires_at <= unixSeconds(ctx.clock.now());

  app.get('/c/pay/:id', (c) => {
    const session = store.checkoutSessions.get(c.req.param('id'));
    if (!session) return c.html(unknown, 404);
    if (session.status === 'complete') return c.redirect(successRedirect(session), 303);
    if (expired(session)) return c.html(messagePage('Session expired', 'This checkout session has expired.'), 410);
    return c.html(payForm(ctx, session));
  });

  app.post('/c/pay/:id', async (c) => {
    const session = store.checkoutSessions.get(c.req.param('id'));
    if (!session) return c.html(unknown, 404);
    // A second click (or a resubmitted form) must not create a second subscription.
    if (session.status === 'complete') return c.redirect(successRedirect(session), 303);
    if (expired(session)) return c.html(messagePage('Session expired', 'This checkout session has expired.'), 410);
    const form = await c.req.parseBody();
    // A session created for a customer pays as that customer, one with customer_email with that
    // email ("If provided, this value will be used when the Customer object is created").
    const typed = session.customer ? '' : (session.customer_email ?? (typeof form.email === 'string' ? form.email.trim() : ''));
    if (!session.customer) {
      try {
        checkEmail(typed);
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
        return c.html(payForm(ctx, { ...session, customer_email: typed }, 'Your email is incomplete or invalid.'), 422);
      }
    }
    const completed = completeCheckout(ctx, session, typed);
    return c.redirect(successRedirect(completed), 303);
  });
}
