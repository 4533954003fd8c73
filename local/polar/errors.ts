// Polar's error bodies, so the sdk maps them to the same error classes it
// would raise against the real API (422 → HTTPValidationError, rest → SDKError).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
}

export function validationError(c: Context, detail: ValidationIssue[]): Response {
  return c.json({ detail }, 422);
}

export function notFound(c: Context, what = 'Not found'): Response {
  return c.json({ error: 'ResourceNotFound', detail: what }, 404);
}

export function invalidToken(c: Context): Response {
  c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
  return c.json(
    {
      error: 'invalid_token',
      error_description: 'The access token provided is expired, revoked, malformed, or invalid for other reasons.',
    },
    401,
  );
}

const NAMES: Record<number, string> = {
  400: 'BadRequest',
  403: 'NotPermitted',
  404: 'ResourceNotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** The body answered for an injected fault status. */
export function faultResponse(c: Context, status: number): Response {
  if (status === 401) return invalidToken(c);
  if (status === 422) return validationError(c, [{ loc: ['body'], msg: 'Injected validation fault', type: 'value_error' }]);
  const error = NAMES[status] ?? (status >= 500 ? 'InternalServerError' : 'Error');
  return c.json({ error, detail: `Injected fault (HTTP ${status})` }, status as ContentfulStatusCode);
}
