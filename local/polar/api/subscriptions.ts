// /v1/subscriptions (server/polar/subscription/endpoints.py, service.py list/update/revoke;
// product changes in billing/plan-changes.ts).
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { scoped } from '../api-guard.ts';
import { changeProduct, clearPendingUpdate, touch, type UpdateRefusal } from '../billing/plan-changes.ts';
import { cancelAtPeriodEnd, revokeNow, uncancel } from '../billing/subscription-events.ts';
import type { StandInContext } from '../context.ts';
import { notFound, polarError, validationError } from '../errors.ts';
import type { SubscriptionRecord, SubscriptionStatus } from '../types.ts';
import { subscriptionJson } from '../wire.ts';
import { boolIssue, boolParam, listResource, multi, pageParams, uuidParam } from './params.ts';
import { parseJsonBody } from './request-body.ts';

const ACTIVE_TRUE: SubscriptionStatus[] = ['trialing', 'active'];
// The deprecated `active=false` means "revoked", so past_due matches neither value.
const ACTIVE_FALSE: SubscriptionStatus[] = ['canceled', 'unpaid'];

type SortKey = (sub: SubscriptionRecord, ctx: StandInContext) => string | number | null;
const SORT_KEYS: Record<string, SortKey> = {
  started_at: (s) => s.started_at,
  current_period_end: (s) => s.current_period_end,
  ended_at: (s) => s.ended_at,
  ends_at: (s) => s.ends_at,
  status: (s) => s.status,
  amount: (s) => s.amount,
  customer: (s, ctx) => ctx.store.customers.get(s.customer_id)?.email ?? null,
  product: (s, ctx) => ctx.store.products.get(s.product_id)?.name ?? null,
  discount: () => null,
};

/** Postgres order: ascending puts nulls last, descending first. */
function compare(a: string | number | null, b: string | number | null, descending: boolean): number {
  if (a === b) return 0;
  if (a === null) return descending ? -1 : 1;
  if (b === null) return descending ? 1 : -1;
  const order = a < b ? -1 : 1;
  return descending ? -order : order;
}

const reason = z.enum(['customer_service', 'low_quality', 'missing_features', 'switched_service', 'too_complex', 'too_expensive', 'unused', 'other']).nullish();
// SubscriptionUpdate (subscription/schemas.py): a union of extra="forbid" variants, so unknown or
// mixed keys are a 422. SubscriptionUpdateBase is reduced to the product change (discount_id,
// trial_end and metadata are left out); `{}` matches it and changes nothing.
const update = z.union([
  z.strictObject({
    product_id: z.uuid().nullish(),
    proration_behavior: z.enum(['invoice', 'prorate', 'next_period', 'reset']).nullish(),
  }),
  z.strictObject({ cancel_at_period_end: z.boolean(), customer_cancellation_reason: reason, customer_cancellation_comment: z.string().nullish() }),
  z.strictObject({ revoke: z.literal(true), customer_cancellation_reason: reason, customer_cancellation_comment: z.string().nullish() }),
  z.strictObject({ pending_update: z.null() }),
]);

export function registerSubscriptionApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const read = scoped('subscriptions', 'read');
  const write = scoped('subscriptions', 'write');

  const answer = (c: Context, result: SubscriptionRecord | UpdateRefusal) => {
    if (!('error' in result)) return c.json(subscriptionJson(store, result), 200);
    return typeof result.detail === 'string' ? polarError(c, result.status, result.error, result.detail) : validationError(c, result.detail, result.error);
  };

  app.get('/v1/subscriptions', read, (c) => {
    const paging = pageParams(c);
    if (!paging.ok) return paging.response;
    const active = boolParam(c, 'active');
    if (active === null) return boolIssue(c, 'active');
    const cancelAtPeriodEnd = boolParam(c, 'cancel_at_period_end');
    if (cancelAtPeriodEnd === null) return boolIssue(c, 'cancel_at_period_end');
    const sorting = multi(c, 'sorting') ?? ['-started_at'];
    const invalid = sorting.find((s) => !SORT_KEYS[s.replace(/^-/, '')]);
    if (invalid) return validationError(c, [{ type: 'enum', loc: ['query', 'sorting'], msg: 'Invalid sorting criterion.', input: invalid }], 'PolarRequestValidationError');

    const [customerIds, externalIds, productIds, statuses] = ['customer_id', 'external_customer_id', 'product_id', 'status'].map((name) => multi(c, name));
    const customersWithExternalId = externalIds && new Set(externalIds.flatMap((id) => store.customers.where('external_id', id)).map((customer) => customer.id));
    const items = store.subscriptions
      .values()
      .filter(
        (s) =>
          s.started_at !== null &&
          (!customerIds || customerIds.includes(s.customer_id)) &&
          (!customersWithExternalId || customersWithExternalId.has(s.customer_id)) &&
          (!productIds || productIds.includes(s.product_id)) &&
          (!statuses || statuses.includes(s.status)) &&
          (active === undefined || (active ? ACTIVE_TRUE : ACTIVE_FALSE).includes(s.status)) &&
          (cancelAtPeriodEnd === undefined || s.cancel_at_period_end === cancelAtPeriodEnd),
      )
      .sort((a, b) => {
        for (const criterion of sorting) {
          const key = SORT_KEYS[criterion.replace(/^-/, '')]!;
          const order = compare(key(a, ctx), key(b, ctx), criterion.startsWith('-'));
          if (order !== 0) return order;
        }
        return 0;
      });
    return c.json(listResource(items.map((s) => subscriptionJson(store, s)), paging.value), 200);
  });

  app.get('/v1/subscriptions/:id', read, (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const sub = store.subscriptions.get(id.value);
    return sub?.started_at ? c.json(subscriptionJson(store, sub), 200) : notFound(c);
  });

  app.patch('/v1/subscriptions/:id', write, async (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const parsed = await parseJsonBody(c, update);
    if (!parsed.ok) return parsed.response;
    const sub = store.subscriptions.get(id.value);
    if (!sub) return notFound(c);
    const body = parsed.value;
    if ('pending_update' in body) return answer(c, clearPendingUpdate(ctx, sub));
    if ('revoke' in body) return answer(c, revokeNow(ctx, sub));
    if ('cancel_at_period_end' in body) {
      const why = { customer_cancellation_reason: body.customer_cancellation_reason ?? null, customer_cancellation_comment: body.customer_cancellation_comment ?? null };
      return answer(c, body.cancel_at_period_end ? cancelAtPeriodEnd(ctx, sub, why) : uncancel(ctx, sub));
    }
    return answer(c, body.product_id ? changeProduct(ctx, sub, body.product_id.toLowerCase(), body.proration_behavior) : touch(ctx, sub));
  });

  app.delete('/v1/subscriptions/:id', write, (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const sub = store.subscriptions.get(id.value);
    return sub ? answer(c, revokeNow(ctx, sub)) : notFound(c);
  });
}
