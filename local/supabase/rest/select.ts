// `select=` and `order=`: plain columns, `alias:column`, `column::type` and `*`. Embedded
// resources and JSON paths are refused with PGRST100 rather than half-supported.
import { parseError } from './errors.ts';
import { ident, splitTopLevel, unquote } from './sql-text.ts';

// One unquoted word (int4, text, uuid[]): no spaces, so nothing but a type name fits.
const TYPE_NAME = /^[a-z_][a-z0-9_]*(\[\])?$/i;

function columnName(raw: string, what: string, whole: string): string {
  const name = unquote(raw.trim());
  if (name === '' || /->|[()]|^\.\.\./.test(raw)) {
    throw parseError(what, whole, `The Supabase stand-in supports plain columns only, not "${raw}"`);
  }
  return name;
}

/** The SQL select list, `*` when the client asks for everything. */
export function selectList(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return '*';
  return splitTopLevel(raw)
    .map((item) => {
      const trimmed = item.trim();
      if (trimmed === '*') return '*';
      const aliasMatch = /^("(?:[^"\\]|\\.)*"|[^:"]+):(?!:)(.*)$/.exec(trimmed);
      const alias = aliasMatch?.[1] === undefined ? undefined : unquote(aliasMatch[1]);
      let rest = aliasMatch?.[2] ?? trimmed;
      let cast = '';
      const castAt = rest.lastIndexOf('::');
      if (castAt > 0) {
        const type = rest.slice(castAt + 2);
        if (!TYPE_NAME.test(type)) throw parseError('select parameter', raw, `Unsupported cast "${type}"`);
        cast = `::${type}`;
        rest = rest.slice(0, castAt);
      }
      const column = columnName(rest, 'select parameter', raw);
      // PostgREST names a cast column after the column, not after the cast.
      const output = alias ?? column;
      return `${ident(column)}${cast} as ${ident(output)}`;
    })
    .join(', ');
}

export function orderBy(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return '';
  const terms = splitTopLevel(raw).map((term) => {
    const parts = term.trim().split('.');
    let nulls = '';
    let direction = '';
    while (parts.length > 1) {
      const last = parts[parts.length - 1];
      if ((last === 'nullsfirst' || last === 'nullslast') && !nulls && !direction) nulls = last === 'nullsfirst' ? ' nulls first' : ' nulls last';
      else if ((last === 'asc' || last === 'desc') && !direction) direction = ` ${last}`;
      else break;
      parts.pop();
    }
    return `${ident(columnName(parts.join('.'), 'order parameter', raw))}${direction}${nulls}`;
  });
  return ` order by ${terms.join(', ')}`;
}

export function nonNegativeInt(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw parseError(`${name} parameter`, raw, `${name} must be a non-negative integer`);
  return Number(raw);
}
