// Read-only endpoints: products, customers, subscriptions.
import type { Hono } from 'hono';
import type { StandInContext } from './context.ts';
import { notFound } from './errors.ts';
import { subscriptionJson } from './wire.ts';

export function registerCatalogApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;

  app.get('/v1/products', (c) => {
    const isArchived = c.req.query('is_archived');
    const isRecurring = c.req.query('is_recurring');
    const items = [...store.products.values()].filter(
      (p) =>
        (isArchived === undefined || String(p.is_archived) === isArchived) &&
        (isRecurring === undefined || String(p.is_recurring) === isRecurring),
    );
    // One page holds everything: the seed is tiny, and max_page 1 stops the sdk's iterator.
    return c.json({ items, pagination: { total_count: items.length, max_page: 1 } }, 200);
  });

  app.get('/v1/products/:id', (c) => {
    const product = store.products.get(c.req.param('id'));
    return product ? c.json(product, 200) : notFound(c);
  });

  app.get('/v1/customers/external/:external_id', (c) => {
    const customer = store.customerByExternalId(c.req.param('external_id'));
    return customer ? c.json(customer, 200) : notFound(c);
  });

  app.get('/v1/customers/:id', (c) => {
    const customer = store.customers.get(c.req.param('id'));
    return customer ? c.json(customer, 200) : notFound(c);
  });

  app.get('/v1/subscriptions/:id', (c) => {
    const sub = store.subscriptions.get(c.req.param('id'));
    return sub ? c.json(subscriptionJson(store, sub), 200) : notFound(c);
  });
}
