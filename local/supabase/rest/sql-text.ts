// SQL text for tx.query: identifiers are always double-quoted with quotes doubled, and every
// value becomes a $n parameter. Nothing a client sends is ever spliced into the text otherwise.

export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains NUL');
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`;
}

export interface Params {
  values: unknown[];
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string;
}

export function createParams(): Params {
  const values: unknown[] = [];
  return {
    values,
    add(value) {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** Splits on top-level commas, keeping parenthesised groups and "quoted" parts intact. */
export function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i];
    if (ch === '\\' && quoted && i + 1 < input.length) {
      current += ch + input[i + 1];
      i += 1;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth += 1;
    else if (!quoted && ch === ')') depth -= 1;
    if (ch === ',' && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** `"a,b"` → `a,b` with PostgREST's backslash escapes undone; bare values stay as they are. */
export function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}
