// PostgREST horizontal filters: `col=[not.]op.value` and `or=(…)` / `and=(…)` trees.
// Values always become parameters; Postgres coerces them to the column's type.
import { parseError } from './errors.ts';
import { ident, splitTopLevel, unquote } from './sql-text.ts';
import type { Params } from './sql-text.ts';

type Condition = { kind: 'cond'; column: string; negate: boolean; op: string; value: string };
type Logic = { kind: 'logic'; op: 'and' | 'or'; negate: boolean; children: Filter[] };
export type Filter = Condition | Logic;

/** Query parameters that are not filters (`apikey` is Kong's, the rest PostgREST's). */
export const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns', 'apikey']);

const BINARY: Record<string, string> = {
  eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'like', ilike: 'ilike',
  match: '~', imatch: '~*', isdistinct: 'is distinct from', cs: '@>', cd: '<@', ov: '&&',
};
const IS_VALUES: Record<string, string> = { null: 'null', not_null: 'not null', true: 'true', false: 'false', unknown: 'unknown' };

export function filtersFromQuery(query: URLSearchParams, skip: ReadonlySet<string> = new Set()): Filter[] {
  const filters: Filter[] = [];
  for (const [key, value] of query) {
    if (RESERVED.has(key) || skip.has(key)) continue;
    const logic = /^(not\.)?(and|or)$/.exec(key);
    if (logic) filters.push(logicGroup(logic[2] as 'and' | 'or', Boolean(logic[1]), value, `${key}=${value}`));
    else filters.push(condition(key, value, false, `${key}=${value}`));
  }
  return filters;
}

function condition(column: string, raw: string, inTree: boolean, whole: string): Condition {
  if (/->|[()]/.test(column) || column === '') throw parseError('filter', whole, `Unsupported filter column "${column}"`);
  let rest = raw;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  const op = dot < 0 ? rest : rest.slice(0, dot);
  if (dot < 0 || !(op in BINARY || op === 'is' || op === 'in')) {
    throw parseError('filter', whole, `Unsupported operator "${op}" (the stand-in knows ${Object.keys(BINARY).join(', ')}, is, in)`);
  }
  const operand = rest.slice(dot + 1);
  return { kind: 'cond', column, negate, op, value: inTree && op !== 'in' ? unquote(operand) : operand };
}

function logicGroup(op: 'and' | 'or', negate: boolean, raw: string, whole: string): Logic {
  if (!raw.startsWith('(') || !raw.endsWith(')')) throw parseError('logic tree', whole, 'Expected a parenthesised list');
  const children = splitTopLevel(raw.slice(1, -1)).map((part): Filter => {
    const nested = /^(not\.)?(and|or)(\(.*\))$/s.exec(part);
    if (nested) return logicGroup(nested[2] as 'and' | 'or', Boolean(nested[1]), nested[3] ?? '', whole);
    const dot = part.indexOf('.');
    if (dot < 0) throw parseError('logic tree', whole, `Expected column.operator.value, got "${part}"`);
    return condition(part.slice(0, dot), part.slice(dot + 1), true, whole);
  });
  return { kind: 'logic', op, negate, children };
}

function conditionSql(f: Condition, params: Params, whole: string): string {
  const col = ident(f.column);
  if (f.op === 'is') {
    const target = IS_VALUES[f.value.toLowerCase()];
    if (!target) throw parseError('filter', whole, `"is" takes null, not_null, true, false or unknown, not "${f.value}"`);
    return `${col} is ${target}`;
  }
  if (f.op === 'in') {
    if (!f.value.startsWith('(') || !f.value.endsWith(')')) throw parseError('filter', whole, '"in" takes a parenthesised list');
    const inner = f.value.slice(1, -1);
    if (inner.trim() === '') return 'false';
    return `${col} in (${splitTopLevel(inner).map((v) => params.add(unquote(v))).join(', ')})`;
  }
  // PostgREST lets `*` stand for `%`, which does not need escaping in a URL.
  const value = f.op === 'like' || f.op === 'ilike' ? f.value.replaceAll('*', '%') : f.value;
  return `${col} ${BINARY[f.op]} ${params.add(value)}`;
}

function filterSql(f: Filter, params: Params): string {
  const body =
    f.kind === 'cond'
      ? conditionSql(f, params, `${f.column}=${f.op}.${f.value}`)
      : `(${f.children.map((child) => filterSql(child, params)).join(f.op === 'and' ? ' and ' : ' or ') || 'true'})`;
  return f.negate ? `not (${body})` : body;
}

export function whereClause(filters: Filter[], params: Params): string {
  if (filters.length === 0) return '';
  return ` where ${filters.map((f) => filterSql(f, params)).join(' and ')}`;
}
