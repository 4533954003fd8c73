// GET /v1/products and GET /v1/prices (docs.stripe.com/api/products/list, /api/prices/list):
// filters `active`, `product` (prices), `type` (prices); `expand[]=data.product` puts the
// product object in each price.
import type { Hono } from 'hono';
import type { StripeContext } from '../context.ts';
import { noSuch } from '../errors.ts';
import { bool, PAGING, str, type Fields } from '../params.ts';
import { expansions, paramsOf } from '../request.ts';
import { listPage } from '../wire.ts';

type Paging = { limit?: number; starting_after?: string; expand?: string[] };

const PRODUCT_LIST: Fields = { ...PAGING, active: bool() };
const PRICE_LIST: Fields = { ...PAGING, active: bool(), product: str(), type: str(['one_time', 'recurring']) };

export function registerCatalogApi(app: Hono, ctx: StripeContext): void {
  const { store } = ctx;

  app.get('/v1/products', async (c) => {
    const params = await paramsOf<Paging & { active?: boolean }>(c, PRODUCT_LIST);
    expansions(params.expand, []);
    const products = store.products.values().filter((p) => params.active === undefined || p.active === params.active);
    return c.json(listPage(products, params, '/v1/products', (p) => p, (id) => noSuch('product', id, 'starting_after')));
  });

  app.get('/v1/prices', async (c) => {
    const params = await paramsOf<Paging & { active?: boolean; product?: string; type?: string }>(c, PRICE_LIST);
    const expand = expansions(params.expand, ['data.product']);
    const prices = store.prices
      .values()
      .filter((p) => (params.active === undefined || p.active === params.active) && (params.product === undefined || p.product === params.product) && (params.type === undefined || p.type === params.type));
    const withProduct = (p: (typeof prices)[number]) => (expand.has('data.product') ? { ...p, product: store.products.get(p.product) ?? p.product } : p);
    return c.json(listPage(prices, params, '/v1/prices', withProduct, (id) => noSuch('price', id, 'starting_after')));
  });
}
