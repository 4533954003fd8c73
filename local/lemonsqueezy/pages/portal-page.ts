// Lemon Squeezy's Customer Portal, reduced to the customer's subscriptions with Cancel and
// Resume (docs.lemonsqueezy.com/help/online-store/customer-portal: "cancel/resume
// subscriptions"). It opens only from a signed `urls.customer_portal` link that has not expired
// (24 h); the forms post back to the same link. Also the signed update-payment-method link's page.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { setCancelled } from '../billing/subscriptions.ts';
import type { LemonSqueezyContext } from '../context.ts';
import { verifySignedLink } from '../signed-links.ts';
import type { SubscriptionRecord } from '../types.ts';
import { money } from '../wire.ts';
import { formatDate, lemonPage, messagePage, type Html } from './layout.ts';

const ACTIONS = { cancel: true, resume: false } as const;
type Action = keyof typeof ACTIONS;

function subscriptionCard(ctx: LemonSqueezyContext, action: string, sub: SubscriptionRecord): Html {
  const variant = ctx.store.variants.get(sub.variant_id)!;
  const name = ctx.store.products.get(variant.product_id)!.name;
  const button = (to: Action, label: string) =>
    html`<form method="post" action="${action}"><input type="hidden" name="subscription" value="${sub.id}" /><input type="hidden" name="action" value="${to}" /><button type="submit">${label}</button></form>`;
  const state = sub.status === 'expired' ? `Expired on ${formatDate(sub.ends_at!)}` : sub.cancelled ? `Ends on ${formatDate(sub.ends_at!)}` : `Renews on ${formatDate(sub.renews_at)}`;
  return html`<section aria-label="${name} subscription">
    <h1>${name}</h1>
    <p>${money(variant.price)} per ${variant.interval}</p>
    <p>${state}</p>
    ${sub.status === 'expired' ? '' : sub.cancelled ? button('resume', 'Resume subscription') : button('cancel', 'Cancel subscription')}
  </section>`;
}

export function registerPortalPages(app: Hono, ctx: LemonSqueezyContext): void {
  const { store } = ctx;
  const expired = messagePage('Link expired', 'This billing link is invalid or has expired. Open it again from the app.');
  const SIGNED = ['expires', 'user'];
  const action = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;

  app.get('/billing', (c) => {
    if (!verifySignedLink(ctx, c.req.url, SIGNED)) return c.html(expired, 403);
    const customerId = c.req.query('user')!;
    const customer = store.customers.get(customerId);
    if (!customer) return c.html(expired, 403);
    const subs = store.subscriptions.where('customer', customerId).sort((a, b) => Number(b.id) - Number(a.id));
    return c.html(
      lemonPage(
        'Billing',
        html`<section><h1>Billing</h1><p>${customer.email}</p></section>
          ${subs.length === 0 ? html`<section><p>No subscriptions.</p></section>` : subs.map((s) => subscriptionCard(ctx, action(c.req.url), s))}`,
      ),
    );
  });

  app.post('/billing', async (c) => {
    if (!verifySignedLink(ctx, c.req.url, SIGNED)) return c.html(expired, 403);
    const form = await c.req.parseBody();
    const sub = typeof form.subscription === 'string' ? store.subscriptions.get(form.subscription) : undefined;
    const to = typeof form.action === 'string' ? form.action : '';
    // A link only reaches its own customer's subscriptions.
    if (!sub || sub.customer_id !== c.req.query('user') || !(to in ACTIONS) || sub.status === 'expired') {
      return c.html(messagePage('Not found', 'That subscription is not part of this account.'), 404);
    }
    setCancelled(ctx, sub, ACTIONS[to as Action]);
    return c.redirect(action(c.req.url), 303);
  });

  app.get('/subscription/:id/payment-details', (c) => {
    if (!verifySignedLink(ctx, c.req.url, ['expires']) || !store.subscriptions.has(c.req.param('id'))) return c.html(expired, 403);
    return c.html(messagePage('Payment details', 'The stand-in keeps no cards: every subscription pays with the test Visa ending 4242.'));
  });
}
