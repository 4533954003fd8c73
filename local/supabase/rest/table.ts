// GET / POST / PATCH / DELETE on /rest/v1/<table>, compiled to one parameterised statement
// each. Row values travel as JSON and json_populate_record turns them into the table's own
// column types, exactly as PostgREST does, so Postgres does all coercion and checking.
import type { Context } from 'hono';
import type { AppEnv, TransactionSql } from '../types.ts';
import { invalidBody, RestError } from './errors.ts';
import { filtersFromQuery, whereClause } from './filters.ts';
import type { Prefer } from './request-context.ts';
import { aggregate, runAggregate, sendRows } from './respond.ts';
import { nonNegativeInt, orderBy, selectList } from './select.ts';
import { createParams, ident, qualified, splitTopLevel, unquote } from './sql-text.ts';

export interface TableRequest {
  c: Context<AppEnv>;
  tx: TransactionSql;
  schema: string;
  table: string;
  prefer: Prefer;
  single: boolean;
}

const query = (c: Context) => new URL(c.req.url).searchParams;

export async function readRows({ c, tx, schema, table, prefer, single }: TableRequest): Promise<Response> {
  const q = query(c);
  const params = createParams();
  const target = qualified(schema, table);
  const where = whereClause(filtersFromQuery(q), params);
  const limit = nonNegativeInt(q.get('limit') ?? undefined, 'limit');
  const offset = nonNegativeInt(q.get('offset') ?? undefined, 'offset') ?? 0;
  const page =
    `select ${selectList(q.get('select') ?? undefined)} from ${target}${where}${orderBy(q.get('order') ?? undefined)}` +
    (limit === undefined ? '' : ` limit ${params.add(limit)}`) +
    (offset ? ` offset ${params.add(offset)}` : '');
  const total = prefer.count ? `select count(*) from ${target}${where}` : undefined;
  const result = await runAggregate(tx, aggregate(`(${page}) _t`, total), params.values, single);
  const partial = result.total !== null && result.pageTotal < result.total;
  return sendRows(c, result, { status: partial ? 206 : 200, withBody: true, single, offset });
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw invalidBody();
  }
}

function bodyColumns(c: Context, rows: Record<string, unknown>[]): string[] {
  const listed = query(c).get('columns');
  if (listed) return splitTopLevel(listed).map((col) => unquote(col.trim()));
  return [...new Set(rows.flatMap((row) => Object.keys(row)))];
}

const isRow = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function returning(c: Context, prefer: Prefer): string {
  return prefer.return === 'representation' ? ` returning ${selectList(query(c).get('select') ?? undefined)}` : ' returning 1 as _one';
}

export async function insertRows({ c, tx, schema, table, prefer, single }: TableRequest): Promise<Response> {
  const body = await jsonBody(c);
  const rows = Array.isArray(body) ? body : [body];
  if (!rows.every(isRow)) throw invalidBody();
  const target = qualified(schema, table);
  const params = createParams();
  const columns = bodyColumns(c, rows);
  const values = rows.map((row) => {
    const json = `${params.add(JSON.stringify(row))}::json`;
    const cells = columns.map((col) =>
      col in row ? `(json_populate_record(null::${target}, ${json})).${ident(col)}` : prefer.missingDefault ? 'default' : 'null',
    );
    return `(${cells.join(', ')})`;
  });
  let statement =
    rows.length === 0
      ? `select * from ${target} where false`
      : columns.length === 0
        ? `insert into ${target} default values`
        : `insert into ${target} (${columns.map(ident).join(', ')}) values ${values.join(', ')}`;
  if (rows.length > 0 && prefer.resolution) statement += await onConflict(c, tx, schema, table, columns, prefer);
  if (rows.length > 0) statement += returning(c, prefer);
  const result = await runAggregate(tx, writeAggregate(statement, prefer), params.values, single);
  return sendRows(c, result, { status: 201, withBody: prefer.return === 'representation', single });
}

async function onConflict(c: Context, tx: TransactionSql, schema: string, table: string, columns: string[], prefer: Prefer) {
  const listed = query(c).get('on_conflict');
  let keys = listed ? splitTopLevel(listed).map((k) => unquote(k.trim())) : [];
  if (keys.length === 0) {
    const pk = await tx`
      select a.attname from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = ${qualified(schema, table)}::regclass and i.indisprimary`;
    keys = pk.map((r) => r.attname as string);
  }
  if (keys.length === 0) throw new RestError(400, 'PGRST100', 'on_conflict is required: the table has no primary key');
  const target = ` on conflict (${keys.map(ident).join(', ')})`;
  const updates = columns.filter((col) => !keys.includes(col));
  if (prefer.resolution === 'ignore-duplicates' || updates.length === 0) return `${target} do nothing`;
  return `${target} do update set ${updates.map((col) => `${ident(col)} = excluded.${ident(col)}`).join(', ')}`;
}

export async function updateRows({ c, tx, schema, table, prefer, single }: TableRequest): Promise<Response> {
  const body = await jsonBody(c);
  if (!isRow(body)) throw invalidBody();
  const target = qualified(schema, table);
  const params = createParams();
  const json = `${params.add(JSON.stringify(body))}::json`;
  const sets = bodyColumns(c, [body]).map((col) => `${ident(col)} = (json_populate_record(null::${target}, ${json})).${ident(col)}`);
  const where = requireFilters(c, params, 'UPDATE');
  const statement =
    sets.length === 0
      ? `select * from ${target} where false`
      : `update ${target} set ${sets.join(', ')}${where}${returning(c, prefer)}`;
  return writeResult({ c, tx, schema, table, prefer, single }, statement, params.values);
}

export async function deleteRows(req: TableRequest): Promise<Response> {
  const params = createParams();
  const where = requireFilters(req.c, params, 'DELETE');
  const statement = `delete from ${qualified(req.schema, req.table)}${where}${returning(req.c, req.prefer)}`;
  return writeResult(req, statement, params.values);
}

// Supabase loads pg-safeupdate for the API roles: no unfiltered UPDATE or DELETE.
function requireFilters(c: Context, params: ReturnType<typeof createParams>, verb: string): string {
  const where = whereClause(filtersFromQuery(query(c)), params);
  if (!where) throw new RestError(400, '21000', `${verb} requires a WHERE clause`);
  return where;
}

async function writeResult({ c, tx, prefer, single }: TableRequest, statement: string, values: unknown[]): Promise<Response> {
  const result = await runAggregate(tx, writeAggregate(statement, prefer), values, single);
  const representation = prefer.return === 'representation';
  return sendRows(c, result, { status: representation ? 200 : 204, withBody: representation, single });
}

// Data-modifying CTEs must sit at the top level, so writes wrap as `with _t as (…)`.
function writeAggregate(statement: string, prefer: Prefer): string {
  return `with _t as (${statement}) ${aggregate('_t', prefer.count ? 'select count(*) from _t' : undefined)}`;
}
