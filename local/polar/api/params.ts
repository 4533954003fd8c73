// Query and path parameters as FastAPI reads them for Polar's list and get endpoints
// (server/polar/kit/pagination.py, kit/schemas.py): 422 for what it would refuse.
import type { Context } from 'hono';
import { validationError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** API_PAGINATION_MAX_LIMIT: larger limits are clamped to it, not refused. */
const MAX_LIMIT = 100;

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

export function uuidParam(c: Context, name: string): Parsed<string> {
  const value = c.req.param(name) ?? '';
  if (UUID.test(value)) return { ok: true, value: value.toLowerCase() };
  return {
    ok: false,
    response: validationError(c, [{ type: 'uuid_parsing', loc: ['path', name], msg: `Input should be a valid UUID, invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${value.slice(0, 1)}\` at 1`, input: value }]),
  };
}

function positiveInt(c: Context, name: string, fallback: number): Parsed<number> {
  const raw = c.req.query(name);
  if (raw === undefined) return { ok: true, value: fallback };
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value <= 0) {
    const type = /^-?\d+$/.test(raw) ? 'greater_than' : 'int_parsing';
    const msg = type === 'greater_than' ? 'Input should be greater than 0' : 'Input should be a valid integer, unable to parse string as an integer';
    return { ok: false, response: validationError(c, [{ type, loc: ['query', name], msg, input: raw }]) };
  }
  return { ok: true, value };
}

export function pageParams(c: Context): Parsed<{ page: number; limit: number }> {
  const page = positiveInt(c, 'page', 1);
  if (!page.ok) return page;
  const limit = positiveInt(c, 'limit', 10);
  if (!limit.ok) return limit;
  return { ok: true, value: { page: page.value, limit: Math.min(limit.value, MAX_LIMIT) } };
}

/** ListResource: `{items, pagination: {total_count, max_page}}`. */
export function listResource<T>(items: T[], { page, limit }: { page: number; limit: number }) {
  return {
    items: items.slice((page - 1) * limit, page * limit),
    pagination: { total_count: items.length, max_page: Math.ceil(items.length / limit) },
  };
}

/** A repeatable filter (`?id=a&id=b`); undefined when absent. */
export function multi(c: Context, name: string): string[] | undefined {
  const values = c.req.queries(name);
  return values && values.length > 0 ? values : undefined;
}

/** A boolean query parameter as pydantic reads it; undefined when absent, null when unreadable. */
export function boolParam(c: Context, name: string): boolean | undefined | null {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (['true', '1', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  return null;
}

export function boolIssue(c: Context, name: string): Response {
  return validationError(c, [{ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input: c.req.query(name) }]);
}
