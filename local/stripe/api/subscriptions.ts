// Subscriptions (docs.stripe.com/api/subscriptions): retrieve, list (`customer`, `price`,
// `status` — by default every status but canceled; `all` includes them; `ended` is canceled
// and incomplete_expired), update (`cancel_at_period_end`, `metadata`), cancel (DELETE).
import type { Hono } from 'hono';
import { cancelAtPeriodEndChange, cancelNow, changeSubscription } from '../billing/subscriptions.ts';
import type { StripeContext } from '../context.ts';
import { invalidRequest, noSuch } from '../errors.ts';
import { applyMetadata, bool, EXPAND, metadata, PAGING, str, type Fields, type MetadataChange } from '../params.ts';
import { causeOf, expansions, paramsOf } from '../request.ts';
import type { SubscriptionRecord } from '../types.ts';
import { customerJson, listPage, subscriptionJson } from '../wire.ts';

const STATUSES = ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;
const LIST: Fields = { ...PAGING, customer: str(), price: str(), status: str(STATUSES) };
const UPDATE: Fields = { ...EXPAND, cancel_at_period_end: bool(), metadata: metadata() };

function matchesStatus(sub: SubscriptionRecord, status: string | undefined): boolean {
  if (status === 'all') return true;
  if (status === undefined) return sub.status !== 'canceled';
  if (status === 'ended') return sub.status === 'canceled';
  return sub.status === status;
}

export function registerSubscriptionApi(app: Hono, ctx: StripeContext): void {
  const { store } = ctx;
  const json = (sub: SubscriptionRecord, expand: Set<string>) => {
    const body = subscriptionJson(store, sub);
    const customer = store.customers.get(sub.customer);
    return expand.has('customer') && customer ? { ...body, customer: customerJson(customer) } : body;
  };
  const find = (id: string) => {
    const sub = store.subscriptions.get(id);
    if (!sub) throw noSuch('subscription', id, 'id', 404);
    return sub;
  };

  app.get('/v1/subscriptions/:id', async (c) => {
    const params = await paramsOf<{ expand?: string[] }>(c, EXPAND);
    const expand = expansions(params.expand, ['customer']);
    return c.json(json(find(c.req.param('id')), expand));
  });

  app.get('/v1/subscriptions', async (c) => {
    const params = await paramsOf<{ expand?: string[]; limit?: number; starting_after?: string; customer?: string; price?: string; status?: string }>(c, LIST);
    const expand = expansions(params.expand, ['data.customer']);
    const subs = (params.customer === undefined ? store.subscriptions.values() : store.subscriptions.where('customer', params.customer)).filter(
      (s) => matchesStatus(s, params.status) && (params.price === undefined || s.price_id === params.price),
    );
    const inner = new Set(expand.has('data.customer') ? ['customer'] : []);
    return c.json(listPage(subs, params, '/v1/subscriptions', (s) => json(s, inner), (id) => noSuch('subscription', id, 'starting_after')));
  });

  app.post('/v1/subscriptions/:id', async (c) => {
    const params = await paramsOf<{ expand?: string[]; cancel_at_period_end?: boolean; metadata?: MetadataChange }>(c, UPDATE);
    const expand = expansions(params.expand, ['customer']);
    let sub = find(c.req.param('id'));
    if (sub.status === 'canceled' && params.cancel_at_period_end !== undefined) {
      throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.', 'cancel_at_period_end');
    }
    // One request, one change, one event, whichever fields it sets.
    const change = {
      ...(params.cancel_at_period_end === undefined ? {} : cancelAtPeriodEndChange(ctx, sub, params.cancel_at_period_end)),
      ...(params.metadata === undefined ? {} : { metadata: applyMetadata(sub.metadata, params.metadata) }),
    };
    sub = changeSubscription(ctx, sub, change, causeOf(c));
    return c.json(json(sub, expand));
  });

  app.delete('/v1/subscriptions/:id', async (c) => {
    const params = await paramsOf<{ expand?: string[] }>(c, EXPAND);
    const expand = expansions(params.expand, ['customer']);
    const sub = find(c.req.param('id'));
    if (sub.status === 'canceled') throw invalidRequest(`No such subscription: '${sub.id}'`, 'id', 'resource_missing', 404);
    return c.json(json(cancelNow(ctx, sub, causeOf(c)), expand));
  });
}
