// JSON:API documents as Lemon Squeezy serves them (docs.lemonsqueezy.com/api/getting-started/responses
// and …/pagination, …/filtering): `{ jsonapi: {version: '1.0'}, links, data }`, lists with
// `meta.page` {currentPage, from, lastPage, perPage, to, total} and first/last(/prev/next) links,
// `page[number]` from 1 and `page[size]` 1–100 (default 10), and only the filters an endpoint
// documents (any other is a 400).
import type { Context } from 'hono';
import { badParameter } from './errors.ts';
import { JSON_API } from './api-guard.ts';

export interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, { links: { related: string; self: string } }>;
  links: { self: string };
}

export const documentResponse = (c: Context, resource: Resource, status: 200 | 201 = 200) =>
  c.body(JSON.stringify({ jsonapi: { version: '1.0' }, links: { self: resource.links.self }, data: resource }), status, { 'content-type': JSON_API });

/** Reads `filter[name]` for the names an endpoint allows; a filter it does not know is a 400. */
export function filtersOf(c: Context, allowed: string[]): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.req.queries())) {
    const name = /^filter\[(.+)\]$/.exec(key)?.[1];
    if (key.startsWith('filter') && (name === undefined || !allowed.includes(name))) throw badParameter(key, `Filter parameter ${name ?? key} is not allowed.`);
    if (name !== undefined) filters[name] = value.at(-1) ?? '';
  }
  return filters;
}

function pageParam(c: Context, name: 'number' | 'size', fallback: number, max: number): number {
  const raw = c.req.query(`page[${name}]`);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) throw badParameter(`page[${name}]`, `The page ${name} must be an integer from 1 to ${max}.`);
  return value;
}

/** One page of `all` (already filtered and in order) as a list document. */
export function listResponse(c: Context, baseUrl: string, all: Resource[]): Response {
  const number = pageParam(c, 'number', 1, Number.MAX_SAFE_INTEGER);
  const size = pageParam(c, 'size', 10, 100);
  const lastPage = Math.max(1, Math.ceil(all.length / size));
  const data = all.slice((number - 1) * size, number * size);
  const link = (n: number) => {
    const url = new URL(`${baseUrl}${c.req.path}`);
    // The client sends an empty `include=` on every list; links carry only the parameters that say something.
    for (const [key, values] of Object.entries(c.req.queries())) if (!key.startsWith('page[')) for (const v of values) if (v !== '') url.searchParams.append(key, v);
    url.searchParams.set('page[number]', String(n));
    url.searchParams.set('page[size]', String(size));
    return url.toString();
  };
  const from = data.length ? (number - 1) * size + 1 : null;
  const body = {
    meta: { page: { currentPage: number, from, lastPage, perPage: size, to: from === null ? null : from + data.length - 1, total: all.length } },
    jsonapi: { version: '1.0' },
    links: { first: link(1), last: link(lastPage), ...(number > 1 ? { prev: link(number - 1) } : {}), ...(number < lastPage ? { next: link(number + 1) } : {}) },
    data,
  };
  return c.body(JSON.stringify(body), 200, { 'content-type': JSON_API });
}
