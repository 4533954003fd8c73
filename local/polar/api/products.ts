// GET /v1/products/ and /v1/products/{id} (server/polar/product/endpoints.py): filters the
// app uses, Polar's pagination, newest first.
import type { Hono } from 'hono';
import { scoped } from '../api-guard.ts';
import type { StandInContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { boolIssue, boolParam, listResource, multi, pageParams, uuidParam } from './params.ts';

export function registerProductApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const read = scoped('products', 'read');

  app.get('/v1/products', read, (c) => {
    const paging = pageParams(c);
    if (!paging.ok) return paging.response;
    const isArchived = boolParam(c, 'is_archived');
    if (isArchived === null) return boolIssue(c, 'is_archived');
    const isRecurring = boolParam(c, 'is_recurring');
    if (isRecurring === null) return boolIssue(c, 'is_recurring');
    const ids = multi(c, 'id');
    const items = store.products
      .values()
      .filter((p) => (isArchived === undefined || p.is_archived === isArchived) && (isRecurring === undefined || p.is_recurring === isRecurring) && (!ids || ids.includes(p.id)))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    return c.json(listResource(items, paging.value), 200);
  });

  app.get('/v1/products/:id', read, (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const product = store.products.get(id.value);
    return product ? c.json(product, 200) : notFound(c);
  });
}
