// /rest/v1/rpc/<fn>: finds the overload whose named parameters match the arguments (as
// PostgREST's schema cache does), then calls it with named notation. Arguments travel as one
// JSON object and json_to_record gives each the parameter's own type.
import type { Context } from 'hono';
import type { AppEnv, TransactionSql } from '../types.ts';
import { invalidBody, RestError } from './errors.ts';
import { filtersFromQuery, whereClause } from './filters.ts';
import { aggregate, runAggregate, sendRows } from './respond.ts';
import { nonNegativeInt, orderBy, selectList } from './select.ts';
import { createParams, ident, qualified } from './sql-text.ts';

interface Overload {
  retset: boolean;
  void: boolean;
  composite: boolean;
  inputs: { name: string; type: string }[];
  required: number;
}

// Arrays come back as json: the pool parses no array types (see pool.ts).
async function overloads(tx: TransactionSql, schema: string, fn: string): Promise<Overload[]> {
  const rows = await tx`
    select p.proretset as retset, p.prorettype = 'void'::regtype as void,
           (t.typtype = 'c' or p.prorettype = 'record'::regtype) as composite,
           p.pronargs as nargs, p.pronargdefaults as ndefaults,
           to_json(coalesce(p.proargnames, '{}')) as names, to_json(coalesce(p.proargmodes::text[], '{}')) as modes,
           to_json(array(select format_type(x, null) from unnest(p.proargtypes) x)) as in_types
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type t on t.oid = p.prorettype
    where n.nspname = ${schema} and p.proname = ${fn} and p.prokind = 'f'`;
  return rows.map((r) => {
    const names = (r.names as string[]).filter((_, i) => r.modes.length === 0 || ['i', 'b', 'v'].includes(r.modes[i]));
    return {
      retset: r.retset,
      void: r.void,
      composite: r.composite,
      inputs: (r.in_types as string[]).map((type, i) => ({ name: names[i] ?? '', type })),
      required: r.nargs - r.ndefaults,
    };
  });
}

/**
 * The stand-in's schema cache, for functions: like PostgREST, which reads the catalogue at
 * start-up (and again on NOTIFY pgrst), it looks a function's overloads up once rather than on
 * every call. The migrations are in place before the stand-in starts; a miss is not kept, so a
 * function created later is still found. One cache per stand-in (each has its own database).
 */
export class FunctionCache {
  readonly #entries = new Map<string, Overload[]>();

  async overloads(tx: TransactionSql, schema: string, fn: string): Promise<Overload[]> {
    const key = `${schema}.${fn}`;
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const found = await overloads(tx, schema, fn);
    if (found.length > 0) this.#entries.set(key, found);
    return found;
  }
}

export async function argsFrom(c: Context<AppEnv>, method: string): Promise<Record<string, unknown>> {
  if (method === 'GET' || method === 'HEAD') return Object.fromEntries(new URL(c.req.url).searchParams);
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw invalidBody();
}

export async function callFunction(
  c: Context<AppEnv>, tx: TransactionSql, functions: FunctionCache, schema: string, fn: string, given: Record<string, unknown>, single: boolean,
): Promise<Response> {
  const candidates = await functions.overloads(tx, schema, fn);
  const byGet = c.req.method === 'GET' || c.req.method === 'HEAD';
  // On GET, query parameters that are not arguments are filters on the result.
  const fits = (o: Overload) => {
    const names = o.inputs.map((i) => i.name);
    const keys = Object.keys(given).filter((k) => !byGet || names.includes(k));
    return keys.every((k) => names.includes(k)) && names.slice(0, o.required).every((n) => keys.includes(n));
  };
  const match = candidates.find(fits);
  if (!match) {
    const keys = Object.keys(given).sort().join(', ');
    throw new RestError(404, 'PGRST202', `Could not find the function ${schema}.${fn}(${keys}) in the schema cache`,
      `Searched for the function ${schema}.${fn} with parameters ${keys || '(none)'}, but no matches were found in the schema cache.`);
  }
  const args = match.inputs.filter((i) => i.name in given);
  const params = createParams();
  const from = args.length === 0 ? '' : ` from json_to_record(${params.add(JSON.stringify(Object.fromEntries(args.map((a) => [a.name, given[a.name]]))))}::json)
    as _a(${args.map((a) => `${ident(a.name)} ${a.type}`).join(', ')})`;
  const call = `${qualified(schema, fn)}(${args.map((a) => `${ident(a.name)} := _a.${ident(a.name)}`).join(', ')})`;

  if (match.void) {
    await tx.query(`select ${call}${from}`, params.values);
    return c.body(null, 204);
  }
  if (!match.composite) {
    const source = `(select ${call} as v${from}) _t`;
    const result = await runAggregate(tx, aggregate(source, undefined, '_t.v'), params.values, single && match.retset);
    const body = match.retset ? result.body : (result.first ?? 'null');
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(body, 200);
  }
  const lateral = from ? `${from}, lateral ${call} _r` : ` from ${call} _r`;
  if (!match.retset) {
    const result = await runAggregate(tx, aggregate(`(select _r.*${lateral}) _t`), params.values, false);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(result.first ?? 'null', 200);
  }
  const q = new URL(c.req.url).searchParams;
  const where = whereClause(filtersFromQuery(q, new Set(match.inputs.map((i) => i.name))), params);
  const limit = nonNegativeInt(q.get('limit') ?? undefined, 'limit');
  const offset = nonNegativeInt(q.get('offset') ?? undefined, 'offset') ?? 0;
  const page =
    `select ${selectList(q.get('select') ?? undefined)} from (select _r.*${lateral}) _s${where}${orderBy(q.get('order') ?? undefined)}` +
    (limit === undefined ? '' : ` limit ${params.add(limit)}`) + (offset ? ` offset ${params.add(offset)}` : '');
  const result = await runAggregate(tx, aggregate(`(${page}) _t`), params.values, single);
  return sendRows(c, result, { status: 200, withBody: true, single, offset });
}
