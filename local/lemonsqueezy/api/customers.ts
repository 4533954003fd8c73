// Customers (docs.lemonsqueezy.com/api/customers): read here, created by the hosted checkout
// ("a customer is created when they purchase a product for the first time"). The list filters by
// `filter[store_id]` and `filter[email]` (an exact match, compared case-insensitively: the
// stand-in's choice, as emails are).
import type { Hono } from 'hono';
import type { LemonSqueezyContext } from '../context.ts';
import { documentResponse, filtersOf, listResponse } from '../json-api.ts';
import { found, refuseInclude } from '../request.ts';
import { customerResource } from '../wire.ts';

export function registerCustomerApi(app: Hono, ctx: LemonSqueezyContext): void {
  const { store } = ctx;

  app.get('/v1/customers/:id', (c) => {
    refuseInclude(c);
    return documentResponse(c, customerResource(ctx, found(store.customers.get(c.req.param('id')))));
  });

  app.get('/v1/customers', (c) => {
    refuseInclude(c);
    const filter = filtersOf(c, ['store_id', 'email']);
    const customers = store.customers
      .values()
      .filter((cu) => (filter.store_id === undefined || cu.store_id === filter.store_id) && (filter.email === undefined || cu.email.toLowerCase() === filter.email.toLowerCase()))
      // Newest first: the reference names no default order; this is the stand-in's.
      .sort((a, b) => Number(b.id) - Number(a.id));
    return listResponse(c, ctx.publicUrl(), customers.map((cu) => customerResource(ctx, cu)));
  });
}
