import { Hono } from 'hono';
import type { ApiGuard } from './api-guard.ts';
import { registerBenefitGrantApi } from './api/benefit-grants.ts';
import { registerCheckoutApi } from './api/checkouts.ts';
import { registerCustomerSessionApi } from './api/customer-sessions.ts';
import { registerCustomerApi } from './api/customers.ts';
import { registerProductApi } from './api/products.ts';
import { registerSubscriptionApi } from './api/subscriptions.ts';
import { registerWebhookApi } from './api/webhooks.ts';
import type { StandInContext } from './context.ts';
import { notFound } from './errors.ts';
import { registerCheckoutPages } from './pages/checkout-page.ts';
import { registerPortalPages } from './pages/portal-page.ts';

export function createApp(ctx: StandInContext, guard: ApiGuard): Hono {
  // strict: false — the sdk sends collection paths with a trailing slash, humans often don't.
  const app = new Hono({ strict: false });
  // Every answer's Date is the stand-in's clock (moved forward by tests), as a real server's is
  // its own: the app orders a state read from the API against webhooks by it. Like uvicorn's,
  // it trails: a value refreshed once a second, in whole seconds (up to two seconds early).
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('date', new Date(ctx.clock.now().getTime() - Math.floor(Math.random() * 1000)).toUTCString());
  });
  app.use('/v1/*', guard.middleware);
  registerProductApi(app, ctx);
  registerCustomerApi(app, ctx);
  registerSubscriptionApi(app, ctx);
  registerCheckoutApi(app, ctx);
  registerCustomerSessionApi(app, ctx);
  registerWebhookApi(app, ctx);
  registerBenefitGrantApi(app, ctx);
  registerCheckoutPages(app, ctx);
  registerPortalPages(app, ctx);
  app.notFound((c) => (c.req.path.startsWith('/v1/') ? notFound(c) : c.text('Not found', 404)));
  app.onError((error, c) => {
    console.error('[polar stand-in]', error);
    return c.json({ error: 'InternalServerError', detail: error.message }, 500);
  });
  return app;
}
