import { Hono } from 'hono';
import { registerCatalogApi } from './api/catalog.ts';
import { registerCheckoutSessionApi } from './api/checkout-sessions.ts';
import { registerCustomerApi } from './api/customers.ts';
import { registerPortalSessionApi } from './api/portal-sessions.ts';
import { registerSubscriptionApi } from './api/subscriptions.ts';
import type { ApiGuard } from './api-guard.ts';
import type { StripeContext } from './context.ts';
import { errorResponse, StripeError, unrecognizedUrl } from './errors.ts';
import { newId } from './ids.ts';
import { createIdempotency } from './idempotency.ts';
import { registerCheckoutPages } from './pages/checkout-page.ts';
import { registerPortalPages } from './pages/portal-page.ts';

export function createApp(ctx: StripeContext, guard: ApiGuard): Hono {
  // strict: Stripe's paths have no trailing slash, and one is an unrecognized URL.
  const app = new Hono();
  // Every answer names its request (Stripe's Request-Id, which events repeat in `request.id`).
  app.use('*', async (c, next) => {
    const id = newId('req');
    c.set('requestId' as never, id as never);
    await next();
    c.res.headers.set('Request-Id', id);
  });
  app.use('/v1/*', guard.middleware);
  app.use('/v1/*', createIdempotency(ctx.clock));
  registerCatalogApi(app, ctx);
  registerCustomerApi(app, ctx);
  registerCheckoutSessionApi(app, ctx);
  registerPortalSessionApi(app, ctx);
  registerSubscriptionApi(app, ctx);
  registerCheckoutPages(app, ctx);
  registerPortalPages(app, ctx);
  app.notFound((c) => (c.req.path.startsWith('/v1/') ? unrecognizedUrl(c) : c.text('Not found', 404)));
  app.onError((error, c) => {
    if (error instanceof StripeError) return errorResponse(c, error.status, error.body);
    console.error('[stripe stand-in]', error);
    return errorResponse(c, 500, { type: 'api_error', message: 'An unknown error occurred' });
  });
  return app;
}
