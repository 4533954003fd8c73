// One API route's common steps: read its parameters (query or form body) against the
// endpoint's declared fields, and name the request that caused any event it sends.
import type { Context } from 'hono';
import { FormShapeError, requestParams } from './form.ts';
import { invalidRequest } from './errors.ts';
import { readParams, type Fields } from './params.ts';
import type { EventCause } from './webhooks.ts';

export async function paramsOf<T>(c: Context, fields: Fields): Promise<T> {
  const body = c.req.method === 'GET' ? '' : await c.req.text();
  try {
    return readParams<T>(fields, requestParams(c.req.url, c.req.method, c.req.header('content-type') ?? '', body));
  } catch (error) {
    if (error instanceof FormShapeError) throw invalidRequest(error.message, error.param);
    throw error;
  }
}

/** The event's `request`: this API call's Request-Id and Idempotency-Key. */
export function causeOf(c: Context): EventCause {
  return { id: (c.get('requestId') as string | undefined) ?? null, idempotency_key: c.req.header('idempotency-key') ?? null };
}

/** `expand[]` values, each one the endpoint supports, or Stripe's refusal. */
export function expansions(expand: string[] | undefined, supported: readonly string[]): Set<string> {
  for (const path of expand ?? []) {
    if (!supported.includes(path)) throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
  }
  return new Set(expand);
}

