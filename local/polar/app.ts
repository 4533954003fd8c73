import { Hono } from 'hono';
import { registerCatalogApi } from './api-catalog.ts';
import { registerCheckoutApi } from './api-checkouts.ts';
import { registerCustomerSessionApi } from './api-customer-sessions.ts';
import type { ApiGuard } from './api-guard.ts';
import type { StandInContext } from './context.ts';
import { notFound } from './errors.ts';
import { registerCheckoutPages } from './pages/checkout-page.ts';
import { registerPortalPages } from './pages/portal-page.ts';

export function createApp(ctx: StandInContext, guard: ApiGuard): Hono {
  // strict: false — the sdk sends collection paths with a trailing slash, humans often don't.
  const app = new Hono({ strict: false });
  app.use('/v1/*', guard.middleware);
  registerCatalogApi(app, ctx);
  registerCheckoutApi(app, ctx);
  registerCustomerSessionApi(app, ctx);
  registerCheckoutPages(app, ctx);
  registerPortalPages(app, ctx);
  app.notFound((c) => (c.req.path.startsWith('/v1/') ? notFound(c) : c.text('Not found', 404)));
  app.onError((error, c) => {
    console.error('[polar stand-in]', error);
    return c.json({ error: 'InternalServerError', detail: error.message }, 500);
  });
  return app;
}
