// What stands in front of every /v1 call: the request is counted and maybe broken on purpose
// (tests), then its secret key is checked — `Authorization: Bearer <key>`, or HTTP Basic with
// the key as the user name, both of which Stripe accepts (docs.stripe.com/api/authentication) —
// then its Stripe-Version, which must be the one version whose shapes the stand-in serves.
import type { MiddlewareHandler } from 'hono';
import type { Faults } from '../kit/faults.ts';
import { createRequestGuard, type RequestGuard } from '../kit/request-guard.ts';
import { errorResponse, faultResponse, invalidApiKey, noApiKey } from './errors.ts';
import { API_VERSION } from './wire.ts';

export type { Faults };

export interface ApiGuard extends Omit<RequestGuard, 'admit'> {
  middleware: MiddlewareHandler;
}

/** The key an Authorization header carries, '' for a malformed one, undefined for none. */
function presentedKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (bearer !== undefined) return bearer.trim();
  const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
  if (basic !== undefined) return Buffer.from(basic.trim(), 'base64').toString('utf8').split(':')[0] ?? '';
  return '';
}

export function createApiGuard(secretKey: string): ApiGuard {
  const { admit, ...controls } = createRequestGuard(faultResponse);

  const middleware: MiddlewareHandler = async (c, next) => {
    const injected = await admit(c);
    if (injected) return injected;

    const key = presentedKey(c.req.header('authorization'));
    if (key === undefined) return noApiKey(c);
    if (key !== secretKey) return invalidApiKey(c, key);

    const version = c.req.header('stripe-version');
    if (version !== undefined && version !== API_VERSION) {
      return errorResponse(c, 400, { type: 'invalid_request_error', message: `Invalid Stripe API version: ${version} (the stand-in serves ${API_VERSION} only)` });
    }
    await next();
    // After the route: replayed idempotent answers are built outside the context's headers.
    c.res.headers.set('Stripe-Version', API_VERSION);
  };

  return { middleware, ...controls };
}
