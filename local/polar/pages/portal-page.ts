// Polar's hosted customer portal, reduced to what billing tests exercise.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { applyPortalAction } from '../billing.ts';
import type { PortalAction } from '../billing.ts';
import type { StandInContext } from '../context.ts';
import type { SessionRecord, SubscriptionRecord } from '../types.ts';
import { formatDate, formatMoney, layout, messagePage } from './layout.ts';
import type { Html } from './layout.ts';

const ACTIONS: readonly PortalAction[] = ['cancel', 'uncancel', 'revoke'];

function actionButton(token: string, sub: SubscriptionRecord, action: PortalAction, label: string, cls: string): Html {
  return html`<form method="post" action="/portal/${token}/subscriptions/${sub.id}/${action}">
    <button type="submit" class="${cls}">${label}</button>
  </form>`;
}

function subscriptionCard(ctx: StandInContext, token: string, sub: SubscriptionRecord): Html {
  const product = ctx.store.products.get(sub.product_id);
  const live = sub.status === 'active';
  const when = !live
    ? `Ended on ${formatDate(sub.ended_at ?? sub.modified_at ?? sub.created_at)}`
    : sub.cancel_at_period_end
      ? `Cancels on ${formatDate(sub.current_period_end)}`
      : `Renews on ${formatDate(sub.current_period_end)}`;
  return html`<section class="card" aria-label="${product?.name ?? 'Subscription'} subscription">
    <h2>${product?.name ?? sub.product_id}</h2>
    <p class="muted">${formatMoney(sub.amount, sub.currency)} / ${sub.recurring_interval}</p>
    <p><span class="badge ${sub.status}">${sub.status}</span> ${when}</p>
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
    const session = store.sessionByToken(token);
    return session && Date.parse(session.expires_at) > Date.now() ? session : undefined;
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
          ${subs.length === 0 ? html`<div class="card"><p>No subscriptions yet.</p></div>` : subs.map((s) => subscriptionCard(ctx, token, s))}`,
      ),
    );
  });

  app.post('/portal/:token/subscriptions/:id/:action', (c) => {
    const { token, id, action } = c.req.param();
    const session = liveSession(token);
    if (!session) return c.html(expired, 404);
    const sub = store.subscriptions.get(id);
    const known = ACTIONS.find((a) => a === action);
    // A session only reaches its own customer's subscriptions.
    if (!sub || sub.customer_id !== session.customer_id || !known) {
      return c.html(messagePage('Not found', 'That subscription is not part of this account.'), 404);
    }
    applyPortalAction(ctx, sub, known);
    return c.redirect(`/portal/${token}`, 303);
  });
}
