// Subscriptions (docs.lemonsqueezy.com/api/subscriptions): retrieve, list with the documented
// filters, update (`cancelled`, `variant_id`) and cancel. "DELETE /v1/subscriptions/:id — Cancels
// an active subscription … Returns a Subscription item object in cancelled state": the
// subscription stays valid until `ends_at`, as with `cancelled: true`.
import type { Hono } from 'hono';
import { changeVariant, setCancelled } from '../billing/subscriptions.ts';
import type { LemonSqueezyContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { documentResponse, filtersOf, listResponse } from '../json-api.ts';
import { found, refuseInclude, resourceOf } from '../request.ts';
import type { SubscriptionRecord } from '../types.ts';
import { subscriptionResource } from '../wire.ts';

const FILTERS = ['store_id', 'order_id', 'order_item_id', 'product_id', 'variant_id', 'user_email', 'status'] as const;

function matches(ctx: LemonSqueezyContext, sub: SubscriptionRecord, filter: Record<string, string>): boolean {
  const variant = ctx.store.variants.get(sub.variant_id)!;
  const values: Record<(typeof FILTERS)[number], string> = {
    store_id: sub.store_id,
    order_id: sub.order_id,
    order_item_id: sub.order_id,
    product_id: variant.product_id,
    variant_id: sub.variant_id,
    user_email: ctx.store.customers.get(sub.customer_id)!.email.toLowerCase(),
    status: sub.status,
  };
  return FILTERS.every((name) => filter[name] === undefined || values[name] === (name === 'user_email' ? filter[name].toLowerCase() : filter[name]));
}

export function registerSubscriptionApi(app: Hono, ctx: LemonSqueezyContext): void {
  const { store } = ctx;
  const subscriptionOf = (id: string) => found(store.subscriptions.get(id));

  app.get('/v1/subscriptions/:id', (c) => {
    refuseInclude(c);
    return documentResponse(c, subscriptionResource(ctx, subscriptionOf(c.req.param('id'))));
  });

  app.get('/v1/subscriptions', (c) => {
    refuseInclude(c);
    const filter = filtersOf(c, [...FILTERS]);
    const subs = store.subscriptions
      .values()
      .filter((s) => matches(ctx, s, filter))
      .sort((a, b) => Number(b.id) - Number(a.id));
    return listResponse(c, ctx.publicUrl(), subs.map((s) => subscriptionResource(ctx, s)));
  });

  app.patch('/v1/subscriptions/:id', async (c) => {
    let sub = subscriptionOf(c.req.param('id'));
    const { attributes } = await resourceOf(c, 'subscriptions', sub.id);
    for (const name of Object.keys(attributes)) {
      // The client can send billing_anchor, invoice_immediately, disable_prorations, pause and
      // trial_ends_at too; the stand-in refuses what it does not model rather than ignore it.
      if (name !== 'cancelled' && name !== 'variant_id') throw invalid(`/data/attributes/${name}`, `${name} is not modelled by the stand-in.`);
    }
    const { cancelled, variant_id: variantId } = attributes;
    if (cancelled !== undefined && typeof cancelled !== 'boolean') throw invalid('/data/attributes/cancelled', 'The cancelled field must be true or false.');
    if (variantId !== undefined) {
      const variant = typeof variantId === 'number' || typeof variantId === 'string' ? store.variants.get(String(variantId)) : undefined;
      if (!variant || store.products.get(variant.product_id)?.store_id !== sub.store_id) throw invalid('/data/attributes/variant_id', 'The selected variant id is invalid.');
      sub = changeVariant(ctx, sub, variant.id);
    }
    if (cancelled !== undefined) sub = setCancelled(ctx, sub, cancelled);
    return documentResponse(c, subscriptionResource(ctx, sub));
  });

  app.delete('/v1/subscriptions/:id', (c) => documentResponse(c, subscriptionResource(ctx, setCancelled(ctx, subscriptionOf(c.req.param('id')), true))));
}
