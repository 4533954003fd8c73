// Reading a JSON:API request: its body must be a document whose `data` is a resource object of
// the endpoint's type (jsonapi.org/format/#crud: a type the endpoint does not serve, or an id
// other than the URL's, is a 409), and an `include` the stand-in cannot serve is refused rather
// than ignored.
import type { Context } from 'hono';
import { badParameter, errorObject, JsonApiError, notFound } from './errors.ts';

export interface ResourceInput {
  type: string;
  id?: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, unknown>;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function resourceOf(c: Context, type: string, id?: string): Promise<ResourceInput> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new JsonApiError(400, [errorObject(400, 'The request body is not valid JSON.')]);
  }
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data)) throw new JsonApiError(400, [errorObject(400, 'The request body must be a JSON:API document with a data member.', { pointer: '/data' })]);
  if (data.type !== type) throw new JsonApiError(409, [errorObject(409, `The resource type ${String(data.type)} is not supported by this endpoint (expected ${type}).`, { pointer: '/data/type' })]);
  if (id !== undefined && data.id !== id) throw new JsonApiError(409, [errorObject(409, `The resource id ${String(data.id)} does not match the URL's ${id}.`, { pointer: '/data/id' })]);
  return {
    type,
    ...(typeof data.id === 'string' ? { id: data.id } : {}),
    attributes: isObject(data.attributes) ? data.attributes : {},
    relationships: isObject(data.relationships) ? data.relationships : {},
  };
}

/** The id a `{ data: { type, id } }` relationship names, undefined when absent or malformed. */
export function relatedId(relationships: Record<string, unknown>, name: string, type: string): string | undefined {
  const rel = relationships[name];
  const data = isObject(rel) ? rel.data : undefined;
  return isObject(data) && data.type === type && typeof data.id === 'string' ? data.id : undefined;
}

/** The stand-in serves no compound documents. */
export function refuseInclude(c: Context): void {
  const include = c.req.query('include');
  if (include) throw badParameter('include', `Include path ${include.split(',')[0]} is not allowed.`);
}

/** A record by the URL's id, or the 404. */
export function found<T>(record: T | undefined): T {
  if (record === undefined) throw notFound();
  return record;
}
