// Stripe's customer portal, reduced to the subscription list with Cancel (at period end) and
// Don't cancel, and the link back to return_url — the portal's default cancellation mode.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { setCancelAtPeriodEnd } from '../billing/subscriptions.ts';
import type { StripeContext } from '../context.ts';
import type { PortalSessionRecord, SubscriptionRecord } from '../types.ts';
import { NO_REQUEST } from '../webhooks.ts';
import { formatDate, formatMoney, messagePage, stripePage, type Html } from './layout.ts';

const ACTIONS = { cancel: true, resume: false } as const;
type Action = keyof typeof ACTIONS;

function subscriptionCard(ctx: StripeContext, token: string, sub: SubscriptionRecord): Html {
  const price = ctx.store.prices.get(sub.price_id);
  const product = price && ctx.store.products.get(price.product);
  const name = product?.name ?? sub.price_id;
  const action = (to: Action, label: string) => html`<form method="post" action="/p/session/${token}/subscriptions/${sub.id}/${to}"><button type="submit">${label}</button></form>`;
  const state =
    sub.status === 'canceled'
      ? `Ended on ${formatDate(sub.ended_at ?? sub.current_period_end)}`
      : sub.cancel_at_period_end
        ? `Cancels on ${formatDate(sub.current_period_end)}`
        : `Renews on ${formatDate(sub.current_period_end)}`;
  return html`<section aria-label="${name} subscription">
    <h1>${name}</h1>
    <p>${price ? `${formatMoney(price.unit_amount * sub.quantity, price.currency)} per ${price.recurring?.interval ?? 'month'}` : ''}</p>
    <p>${state}</p>
    ${sub.status === 'canceled' ? '' : sub.cancel_at_period_end ? action('resume', "Don't cancel") : action('cancel', 'Cancel subscription')}
  </section>`;
}

export function registerPortalPages(app: Hono, ctx: StripeContext): void {
  const { store } = ctx;
  const sessionOf = (token: string): PortalSessionRecord | undefined => store.portalSessions.where('token', token)[0];
  const unknown = messagePage('Link expired', 'This billing portal link is invalid. Open it again from the app.');

  app.get('/p/session/:token', (c) => {
    const token = c.req.param('token');
    const session = sessionOf(token);
    if (!session) return c.html(unknown, 404);
    const customer = store.customers.get(session.customer);
    const subs = store.subscriptions.where('customer', session.customer).sort((a, b) => b.order - a.order);
    return c.html(
      stripePage(
        'Billing',
        html`<section>
            <h1>Billing</h1>
            <p>${customer?.email ?? session.customer}</p>
            ${session.return_url ? html`<a href="${session.return_url}">Return to app</a>` : ''}
          </section>
          ${subs.length === 0 ? html`<section><p>No subscriptions.</p></section>` : subs.map((s) => subscriptionCard(ctx, token, s))}`,
      ),
    );
  });

  app.post('/p/session/:token/subscriptions/:id/:action', (c) => {
    const { token, id, action } = c.req.param();
    const session = sessionOf(token);
    if (!session) return c.html(unknown, 404);
    const sub = store.subscriptions.get(id);
    // A session only reaches its own customer's subscriptions.
    if (!sub || sub.customer !== session.customer || !(action in ACTIONS) || sub.status === 'canceled') {
      return c.html(messagePage('Not found', 'That subscription is not part of this account.'), 404);
    }
    setCancelAtPeriodEnd(ctx, sub, ACTIONS[action as Action], NO_REQUEST);
    return c.redirect(`/p/session/${token}`, 303);
  });
}
