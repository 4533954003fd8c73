// Stripe's request encoding: application/x-www-form-urlencoded with bracket notation, as
// stripe-node writes it (utils.js stringifyRequestData: `a[b]=…`, arrays as `a[0]=…`, and
// `expand[]=…` from hand-written requests). Parsed into nested records; arrays stay records
// with index keys until the parameter schema says a field is a list.

export type FormValue = string | FormRecord;
export interface FormRecord {
  [key: string]: FormValue;
}

/** Raised for a key the notation cannot hold (`a[b]` after `a=…`, an unclosed bracket). */
export class FormShapeError extends Error {
  readonly param: string;
  constructor(param: string) {
    super(`Invalid array or hash in parameter ${param}`);
    this.param = param;
  }
}

function splitKey(key: string): string[] {
  const head = /^[^[\]]+/.exec(key)?.[0];
  if (!head) throw new FormShapeError(key);
  const parts = [head];
  let rest = key.slice(head.length);
  while (rest.length > 0) {
    const part = /^\[([^[\]]*)\]/.exec(rest);
    if (!part) throw new FormShapeError(key);
    parts.push(part[1]!);
    rest = rest.slice(part[0].length);
  }
  return parts;
}

export function parseForm(params: URLSearchParams): FormRecord {
  const root: FormRecord = {};
  for (const [key, value] of params) {
    const parts = splitKey(key);
    let node = root;
    for (let i = 0; i < parts.length; i += 1) {
      // `x[]` appends: the next index of the record it names.
      const part = parts[i] === '' ? String(Object.keys(node).length) : parts[i]!;
      if (i === parts.length - 1) {
        if (typeof node[part] === 'object') throw new FormShapeError(key);
        node[part] = value;
        break;
      }
      const child = node[part] ?? {};
      if (typeof child === 'string') throw new FormShapeError(key);
      node[part] = child;
      node = child;
    }
  }
  return root;
}

/** A request's parameters: the query for reads, query and form body for writes (Stripe reads both the same way). */
export function requestParams(url: string, method: string, contentType: string, body: string): FormRecord {
  const merged = new URL(url).searchParams;
  if (method !== 'GET' && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body)) merged.append(key, value);
  }
  return parseForm(merged);
}
