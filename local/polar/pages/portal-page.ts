// Polar's hosted customer portal, reduced to what billing tests exercise: cancel at period end,
// resume, revoke now, and replacing a failing card (which retries a past-due payment at once).
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { retryPayment } from '../billing/renewals.ts';
import { BILLABLE, cancelAtPeriodEnd, revokeNow, uncancel } from '../billing/subscription-events.ts';
import type { StandInContext } from '../context.ts';
import type { SessionRecord, SubscriptionRecord } from '../types.ts';
import { formatDate, formatMoney, layout, messagePage } from './layout.ts';
import type { Html } from './layout.ts';

const ACTIONS = { cancel: cancelAtPeriodEnd, uncancel, revoke: revokeNow } as const;
type Action = keyof typeof ACTIONS;

function actionButton(token: string, sub: SubscriptionRecord, action: Action, label: string, cls: string): Html {
  return html`<form method="post" action="/portal/${token}/subscriptions/${sub.id}/${action}">
    <button type="submit" class="${cls}">${label}</button>
  </form>`;
}

function timing(ctx: StandInContext, sub: SubscriptionRecord): string {
  if (!BILLABLE.has(sub.status)) return `Ended on ${formatDate(sub.ended_at ?? sub.modified_at ?? sub.created_at)}`;
  if (sub.status === 'past_due') return `Payment failed on ${formatDate(sub.past_due_at ?? sub.current_period_start)}`;
  if (sub.cancel_at_period_end) return `Cancels on ${formatDate(sub.current_period_end)}`;
  const pending = sub.pending_update?.product_id ? ctx.store.products.get(sub.pending_update.product_id) : undefined;
  if (pending && sub.pending_update) return `Switches to ${pending.name} on ${formatDate(sub.pending_update.applies_at)}`;
  if (sub.status === 'trialing') return `Trial ends on ${formatDate(sub.current_period_end)}`;
  return `Renews on ${formatDate(sub.current_period_end)}`;
}

function subscriptionCard(ctx: StandInContext, token: string, sub: SubscriptionRecord): Html {
  const product = ctx.store.products.get(sub.product_id);
  const live = BILLABLE.has(sub.status);
  return html`<section class="card" aria-label="${product?.name ?? 'Subscription'} subscription">
    <h2>${product?.name ?? sub.product_id}</h2>
    <p class="muted">${formatMoney(sub.amount, sub.currency)} / ${sub.recurring_interval}</p>
    <p><span class="badge ${sub.status}">${sub.status}</span> ${timing(ctx, sub)}</p>
    ${live
      ? html`<div class="row">
          ${sub.cancel_at_period_end
            ? actionButton(token, sub, 'uncancel', 'Resume subscription', '')
            : actionButton(token, sub, 'cancel', 'Cancel subscription', 'secondary')}
          ${actionButton(token, sub, 'revoke', 'Revoke now', 'danger')}
        </div>`
      : ''}
  </section>`;
}

export function registerPortalPages(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const liveSession = (token: string): SessionRecord | undefined => {
    const session = store.sessions.where('token', token)[0];
    return session && Date.parse(session.expires_at) > ctx.clock.now().getTime() ? session : undefined;
  };
  const expired = messagePage('Link expired', 'This customer portal link is invalid or has expired. Open it again from the app.');

  app.get('/portal/:token', (c) => {
    const token = c.req.param('token');
    const session = liveSession(token);
    if (!session) return c.html(expired, 404);
    const customer = store.customers.get(session.customer_id);
    const subs = store.subscriptionsOf(session.customer_id).sort((a, b) => b.created_at.localeCompare(a.created_at));
    return c.html(
      layout(
        'Customer portal',
        html`<div class="card">
            <h1>Billing</h1>
            <p class="muted">Signed in as ${customer?.email ?? 'unknown customer'}</p>
            ${session.return_url ? html`<a href="${session.return_url}">Return to app</a>` : ''}
          </div>
          <div class="card">
            <h2>Payment method</h2>
            <p class="muted">${customer?.payment_failing ? 'Your card was declined.' : 'Card on file.'}</p>
            <form method="post" action="/portal/${token}/payment-method"><button type="submit" class="secondary">Update payment method</button></form>
          </div>
          ${subs.length === 0 ? html`<div class="card"><p>No subscriptions yet.</p></div>` : subs.map((s) => subscriptionCard(ctx, token, s))}`,
      ),
    );
  });

  // A new card: payments work again, and a past-due subscription is charged right away.
  app.post('/portal/:token/payment-method', (c) => {
    const token = c.req.param('token');
    const session = liveSession(token);
    if (!session) return c.html(expired, 404);
    const customer = store.customers.get(session.customer_id);
    if (customer) store.customers.put({ ...customer, payment_failing: false, modified_at: ctx.clock.now().toISOString() });
    for (const sub of store.subscriptionsOf(session.customer_id)) retryPayment(ctx, sub);
    return c.redirect(`/portal/${token}`, 303);
  });

  app.post('/portal/:token/subscriptions/:id/:action', (c) => {
    const { token, id, action } = c.req.param();
    const session = liveSession(token);
    if (!session) return c.html(expired, 404);
    const sub = store.subscriptions.get(id);
    // A session only reaches its own customer's subscriptions.
    if (!sub || sub.customer_id !== session.customer_id || !(action in ACTIONS)) {
      return c.html(messagePage('Not found', 'That subscription is not part of this account.'), 404);
    }
    ACTIONS[action as Action](ctx, sub);
    return c.redirect(`/portal/${token}`, 303);
  });
}
