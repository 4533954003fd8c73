// Stripe's error answers: `{"error": {type, code?, message, param?, doc_url?}}` with the status
// that makes stripe-node raise the same class it raises against Stripe (Error.js
// generateV1Error: 400/404 → StripeInvalidRequestError, or StripeIdempotencyError for
// idempotency_error; 401 → StripeAuthenticationError; other → StripeAPIError).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type StripeErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
}

/** Thrown by validation and route code; app.ts turns it into the answer. */
export class StripeError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

export function errorResponse(c: Context, status: number, body: StripeErrorBody): Response {
  // Stripe links every coded error to its page in the error-code reference.
  const docUrl = body.code ? { doc_url: `https://stripe.com/docs/error-codes/${body.code.replaceAll('_', '-')}` } : {};
  return c.json({ error: { ...body, ...docUrl } }, status as ContentfulStatusCode);
}

export const invalidRequest = (message: string, param?: string, code?: string, status = 400) =>
  new StripeError(status, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) });

export const unknownParameter = (param: string) => invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');

export const missingParameter = (param: string) => invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');

/** `No such customer: 'cus_…'` — 404 for the object in the path, 400 for one a parameter names. */
export const noSuch = (object: string, id: string, param: string, status = 400) =>
  invalidRequest(`No such ${object}: '${id}'`, param, 'resource_missing', status);

export function unrecognizedUrl(c: Context): Response {
  return errorResponse(c, 404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

export function noApiKey(c: Context): Response {
  c.header('WWW-Authenticate', 'Basic realm="Stripe"');
  return errorResponse(c, 401, {
    type: 'invalid_request_error',
    message:
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  });
}

/** Stripe echoes a wrong key masked: its prefix and last four characters. */
export function invalidApiKey(c: Context, key: string): Response {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const masked = key.length > prefix.length + 4 ? `${prefix}${'*'.repeat(key.length - prefix.length - 4)}${key.slice(-4)}` : '*'.repeat(key.length);
  c.header('WWW-Authenticate', 'Basic realm="Stripe"');
  return errorResponse(c, 401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked}` });
}

/** The answer to an injected fault status, in Stripe's shape for that status. */
export function faultResponse(c: Context, status: number): Response {
  if (status === 401) return invalidApiKey(c, 'sk_test_injected_fault');
  if (status === 429) return errorResponse(c, 429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. (injected fault)' });
  if (status < 500) return errorResponse(c, status, { type: 'invalid_request_error', message: `Injected fault (HTTP ${status})` });
  return errorResponse(c, status, { type: 'api_error', message: `Injected fault (HTTP ${status})` });
}
