// The stand-in's HTTP surface, arranged like the CLI's Kong: CORS, then the test hooks
// (counts, faults), then the API-key gateway, then GoTrue under /auth/v1 and PostgREST under
// /rest/v1.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { adminRoutes } from './auth/admin-routes.ts';
import { apiVersionHeader, AuthError, authErrorResponse } from './auth/errors.ts';
import { authRoutes } from './auth/routes.ts';
import { DatabaseUnavailableError } from './db.ts';
import { apiKeyGateway } from './gateway.ts';
import { restErrorResponse, RestError } from './rest/errors.ts';
import { restRoutes } from './rest/routes.ts';
import { JWKS_PATH } from './traffic-guard.ts';
import type { TrafficGuard } from './traffic-guard.ts';
import type { AppEnv, StandInContext } from './types.ts';

export function createApp(ctx: StandInContext, guard: TrafficGuard): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['Content-Range', 'X-Supabase-Api-Version', 'X-Total-Count', 'Link', 'Content-Profile'],
      maxAge: 3600,
    }),
  );
  app.use('*', guard.middleware);
  app.use('/auth/v1/*', apiVersionHeader);
  app.use('/auth/v1/*', apiKeyGateway(ctx.keys, new Set([JWKS_PATH, '/auth/v1/verify'])));
  app.use('/rest/v1/*', apiKeyGateway(ctx.keys));

  app.route('/auth/v1/admin', adminRoutes(ctx));
  app.route('/auth/v1', authRoutes(ctx));
  app.route('/rest/v1', restRoutes(ctx));

  app.notFound((c) => c.json({ message: 'no Route matched with those values' }, 404));
  app.onError((error, c) => {
    if (error instanceof AuthError) return authErrorResponse(c, error);
    if (error instanceof RestError) return restErrorResponse(c, error);
    // GoTrue without its database answers 500 unexpected_failure ("Database error …"); an
    // outage is expected in fault tests, so it is not logged.
    if (error instanceof DatabaseUnavailableError && c.req.path.startsWith('/auth/v1')) {
      return authErrorResponse(c, new AuthError(500, 'unexpected_failure', 'Database error: the database is unreachable'));
    }
    console.error('[supabase stand-in] unexpected error', error);
    if (c.req.path.startsWith('/auth/v1')) {
      return authErrorResponse(c, new AuthError(500, 'unexpected_failure', 'Unexpected failure in the Supabase stand-in'));
    }
    return c.json({ message: 'Unexpected failure in the Supabase stand-in' }, 500);
  });
  return app;
}
