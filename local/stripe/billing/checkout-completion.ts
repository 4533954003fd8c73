// Paying a subscription-mode Checkout Session: the customer it names, or a new one for the
// email typed on the page; a subscription with the session's price and
// `subscription_data.metadata`; the session `complete` and `paid` with both ids set. Events
// in the order Stripe sends them for this flow: customer.created (when new),
// customer.subscription.created, checkout.session.completed (Stripe does not promise order).
import type { StripeContext } from '../context.ts';
import type { CheckoutSessionRecord } from '../types.ts';
import { NO_REQUEST } from '../webhooks.ts';
import { checkoutSessionJson } from '../wire.ts';
import { createCustomer } from './customers.ts';
import { createSubscription } from './subscriptions.ts';

export function completeCheckout(ctx: StripeContext, session: CheckoutSessionRecord, email: string): CheckoutSessionRecord {
  const { store } = ctx;
  const customer = session.customer
    ? store.customers.get(session.customer)!
    : createCustomer(ctx, { email, name: null, description: null, metadata: {} }, NO_REQUEST);
  const line = session.line_items[0]!;
  const subscription = createSubscription(ctx, { customer: customer.id, price: line.price, quantity: line.quantity, metadata: session.subscription_metadata }, NO_REQUEST);
  const completed = store.checkoutSessions.put({ ...session, status: 'complete', customer: customer.id, subscription: subscription.id, paid_email: customer.email ?? email });
  ctx.webhooks.send('checkout.session.completed', checkoutSessionJson(store, completed, ''), NO_REQUEST);
  return completed;
}

/** Where the buyer lands: success_url with `{CHECKOUT_SESSION_ID}` replaced by the session's id. */
export const successRedirect = (session: CheckoutSessionRecord) => session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
