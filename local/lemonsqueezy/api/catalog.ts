// Stores, products and variants (docs.lemonsqueezy.com/api/stores, …/products, …/variants):
// read-only seed data. Lists filter by `filter[store_id]` (products) and `filter[product_id]`,
// `filter[status]` (variants), as the reference documents.
import type { Hono } from 'hono';
import type { LemonSqueezyContext } from '../context.ts';
import { documentResponse, filtersOf, listResponse } from '../json-api.ts';
import { found, refuseInclude } from '../request.ts';
import { productResource, storeResource, variantResource } from '../wire.ts';

export function registerCatalogApi(app: Hono, ctx: LemonSqueezyContext): void {
  const { store } = ctx;

  app.get('/v1/stores/:id', (c) => {
    refuseInclude(c);
    return documentResponse(c, storeResource(ctx, found(store.stores.get(c.req.param('id'))).id));
  });

  app.get('/v1/products/:id', (c) => {
    refuseInclude(c);
    return documentResponse(c, productResource(ctx, found(store.products.get(c.req.param('id'))).id));
  });

  app.get('/v1/products', (c) => {
    refuseInclude(c);
    const filter = filtersOf(c, ['store_id']);
    const products = store.products.values().filter((p) => filter.store_id === undefined || p.store_id === filter.store_id);
    return listResponse(c, ctx.publicUrl(), products.map((p) => productResource(ctx, p.id)));
  });

  app.get('/v1/variants/:id', (c) => {
    refuseInclude(c);
    return documentResponse(c, variantResource(ctx, found(store.variants.get(c.req.param('id'))).id));
  });

  app.get('/v1/variants', (c) => {
    refuseInclude(c);
    const filter = filtersOf(c, ['product_id', 'status']);
    const variants = store.variants
      .values()
      .filter((v) => (filter.product_id === undefined || v.product_id === filter.product_id) && (filter.status === undefined || filter.status === 'published'));
    return listResponse(c, ctx.publicUrl(), variants.map((v) => variantResource(ctx, v.id)));
  });
}
