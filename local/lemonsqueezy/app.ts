import { Hono } from 'hono';
import { registerCatalogApi } from './api/catalog.ts';
import { registerCheckoutApi } from './api/checkouts.ts';
import { registerCustomerApi } from './api/customers.ts';
import { registerSubscriptionApi } from './api/subscriptions.ts';
import type { ApiGuard } from './api-guard.ts';
import type { LemonSqueezyContext } from './context.ts';
import { errorObject, errorResponse, JsonApiError, notFound } from './errors.ts';
import { registerCheckoutPages } from './pages/checkout-page.ts';
import { registerPortalPages } from './pages/portal-page.ts';

export function createApp(ctx: LemonSqueezyContext, guard: ApiGuard): Hono {
  const app = new Hono();
  app.use('/v1/*', guard.middleware);
  registerCatalogApi(app, ctx);
  registerCustomerApi(app, ctx);
  registerCheckoutApi(app, ctx);
  registerSubscriptionApi(app, ctx);
  registerCheckoutPages(app, ctx);
  registerPortalPages(app, ctx);
  app.notFound((c) => (c.req.path.startsWith('/v1/') ? errorResponse(c, 404, notFound().errors) : c.text('Not found', 404)));
  app.onError((error, c) => {
    if (error instanceof JsonApiError) return errorResponse(c, error.status, error.errors);
    console.error('[lemonsqueezy stand-in]', error);
    return errorResponse(c, 500, [errorObject(500, 'Server Error')]);
  });
  return app;
}
