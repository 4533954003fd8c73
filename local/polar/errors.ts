// Polar's error answers (server/polar/exception_handlers.py, oauth2/exception_handlers.py,
// authlib's rfc6750 errors, asgi-ratelimit's default 429), so the real sdk maps each to the
// same error class it raises against Polar.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** 422 from request validation (FastAPI) or from service code (PolarRequestValidationError). */
export function validationError(c: Context, detail: ValidationIssue[], error = 'RequestValidationError'): Response {
  return c.json({ error, detail }, 422);
}

/** Any other PolarError: `{"error": "<ExceptionClassName>", "detail": "<message>"}`. */
export function polarError(c: Context, status: number, error: string, detail: string): Response {
  return c.json({ error, detail }, status as ContentfulStatusCode);
}

export const notFound = (c: Context) => polarError(c, 404, 'ResourceNotFound', 'Not found');

// authlib serialises with json.dumps, whose separators are ", " and ": ".
function oauthError(c: Context, status: 401 | 403, error: string, description: string, scope?: string): Response {
  const attributes = [`realm="polar"`, ...(scope ? [`scope="${scope}"`] : []), `error="${error}"`, `error_description="${description}"`];
  return new Response(`{"error": "${error}", "error_description": "${description}"}`, {
    status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      'www-authenticate': `Bearer ${attributes.join(', ')}`,
    },
  });
}

/** A bearer token Polar does not know (or expired/revoked): before routing, on any path. */
export const invalidToken = (c: Context) =>
  oauthError(c, 401, 'invalid_token', 'The access token provided is expired, revoked, malformed, or invalid for other reasons.');

/** A valid token without any of the scopes the endpoint accepts. */
export const insufficientScope = (c: Context, acceptedScopes: string[]) =>
  oauthError(c, 403, 'insufficient_scope', 'The request requires higher privileges than provided by the access token.', acceptedScopes.join(' '));

/** No bearer token at all. */
export function unauthorized(c: Context): Response {
  c.header('WWW-Authenticate', 'Bearer realm="polar"');
  return polarError(c, 401, 'Unauthorized', 'Unauthorized');
}

/** asgi-ratelimit: an empty body and the whole window as Retry-After. */
export function rateLimited(retryAfterSeconds: number): Response {
  return new Response(null, { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } });
}

const NAMES: Record<number, string> = {
  400: 'BadRequest',
  403: 'NotPermitted',
  404: 'ResourceNotFound',
  409: 'Conflict',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** The answer to an injected fault status, in Polar's own shape for that status. */
export function faultResponse(c: Context, status: number): Response {
  if (status === 401) return invalidToken(c);
  if (status === 429) return rateLimited(60);
  if (status === 422) return validationError(c, [{ loc: ['body'], msg: 'Injected validation fault', type: 'value_error' }]);
  return polarError(c, status, NAMES[status] ?? (status >= 500 ? 'InternalServerError' : 'Error'), `Injected fault (HTTP ${status})`);
}
