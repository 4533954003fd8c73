import type { z } from 'zod';
import { readBodyText } from './body';
import { badRequest } from './errors';

const MAX_JSON_BODY_BYTES = 16 * 1024;
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Parses a small JSON object body against `schema`. An empty body is `{}`; anything that is
 * not a JSON object of the right shape, sent as application/json, is a 400 "Invalid request
 * body".
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(request, MAX_JSON_BODY_BYTES);
  let value: unknown = {};
  if (text.trim() !== '') {
    // A body is only read as JSON when it says it is: a text/plain or form post is refused.
    if (!JSON_CONTENT_TYPE.test(request.headers.get('content-type') ?? '')) throw badRequest('Invalid request body');
    try {
      value = JSON.parse(text);
    } catch {
      throw badRequest('Invalid request body');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('Invalid request body');
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest('Invalid request body');
  return parsed.data;
}
