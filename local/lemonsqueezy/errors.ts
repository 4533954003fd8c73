// Lemon Squeezy's error answers, JSON:API error objects (docs.lemonsqueezy.com/api/getting-started/errors;
// jsonapi.org/format/#error-objects): `{ jsonapi, errors: [{ detail, status, title, source? }] }`
// with `status` a string, `title` the HTTP reason phrase and, for a validation failure, a
// `source.pointer` to the member at fault. The client (lemonsqueezy.js) answers them as
// `{ statusCode, data: <this body>, error: Error(statusText) with cause = errors }`.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorObject {
  detail: string;
  status: string;
  title: string;
  source?: { pointer: string } | { parameter: string };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Thrown by validation and route code; app.ts turns it into the answer. */
export class JsonApiError extends Error {
  readonly status: number;
  readonly errors: ErrorObject[];
  constructor(status: number, errors: ErrorObject[]) {
    super(errors[0]?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

export const errorObject = (status: number, detail: string, source?: ErrorObject['source']): ErrorObject => ({
  detail,
  status: String(status),
  title: TITLES[status] ?? 'Error',
  ...(source ? { source } : {}),
});

export function errorResponse(c: Context, status: number, errors: ErrorObject[]): Response {
  return c.body(JSON.stringify({ jsonapi: { version: '1.0' }, errors }), status as ContentfulStatusCode, { 'content-type': 'application/vnd.api+json' });
}

/** A 422 naming the member at fault, as Lemon Squeezy's validation errors do. */
export const invalid = (pointer: string, detail: string) => new JsonApiError(422, [errorObject(422, detail, { pointer })]);

/** A 400 about a query parameter (`filter[…]`, `page[…]`). */
export const badParameter = (parameter: string, detail: string) => new JsonApiError(400, [errorObject(400, detail, { parameter })]);

export const notFound = () => new JsonApiError(404, [errorObject(404, 'The requested resource could not be found.')]);

export const unauthenticated = (c: Context) => errorResponse(c, 401, [errorObject(401, 'Unauthenticated.')]);

/** The answer to an injected fault status, in the same shape. */
export const faultResponse = (c: Context, status: number) => errorResponse(c, status, [errorObject(status, `Injected fault (HTTP ${status})`)]);
