// Turns the JSON Postgres built (json_agg, so types serialize exactly as PostgREST's do)
// into PostgREST's response: status, Content-Range, and array vs single object.
import type { Context } from 'hono';
import type { TransactionSql } from '../types.ts';
import { singleObjectError } from './errors.ts';

export interface RowsResult {
  pageTotal: number;
  body: string;
  first: string | null;
  total: number | null;
}

/** Runs a statement shaped `select page_total, body, first[, total]` (see `aggregate`). */
export async function runAggregate(tx: TransactionSql, text: string, values: unknown[], single: boolean): Promise<RowsResult> {
  const [row] = await tx.query(text, values);
  if (!row) throw new Error('aggregate returned no row');
  const result = { pageTotal: row.page_total, body: row.body, first: row.first, total: row.total ?? null };
  // Thrown inside the transaction, so a write that hit the wrong number of rows is undone.
  if (single && result.pageTotal !== 1) throw singleObjectError(result.pageTotal);
  return result;
}

/** The projection that wraps any row source `_t` into one row of JSON; `item` is what each row becomes. */
export function aggregate(source: string, totalSql = 'null::int', item = '_t'): string {
  return `select count(*)::int as page_total, coalesce(json_agg(${item}), '[]')::text as body,
    (json_agg(${item}) -> 0)::text as first, (${totalSql})::int as total from ${source}`;
}

export interface Output {
  status: number;
  withBody: boolean;
  single: boolean;
  // Reads give a range (0-9/42); writes only the total (star/3).
  offset?: number;
}

export function sendRows(c: Context, result: RowsResult, out: Output): Response {
  const total = result.total === null ? '*' : String(result.total);
  const range =
    out.offset === undefined || result.pageTotal === 0
      ? `*/${total}`
      : `${out.offset}-${out.offset + result.pageTotal - 1}/${total}`;
  c.header('Content-Range', range);
  if (!out.withBody) return c.body(null, out.status as 200);
  const contentType = out.single ? 'application/vnd.pgrst.object+json' : 'application/json';
  c.header('Content-Type', `${contentType}; charset=utf-8`);
  return c.body(out.single ? (result.first ?? 'null') : result.body, out.status as 200);
}
