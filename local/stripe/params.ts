// Each endpoint's parameters, declared as Stripe's API reference lists them, and checked the
// way the API checks them: an unknown name is refused (not ignored), a missing required one
// is named, an empty string only unsets what can be unset (metadata keys), integers, booleans
// and enums are read strictly. A parameter the real API has but the stand-in does not implement
// is refused as unknown too: silently ignoring it would hide a behaviour the caller relies on.
import { invalidRequest, missingParameter, unknownParameter } from './errors.ts';
import type { FormRecord, FormValue } from './form.ts';

export type Spec =
  | { kind: 'string'; oneOf?: readonly string[]; required?: boolean }
  | { kind: 'boolean'; required?: boolean }
  | { kind: 'integer'; min?: number; max?: number; required?: boolean }
  | { kind: 'metadata'; required?: boolean }
  | { kind: 'list'; of: Spec; required?: boolean }
  | { kind: 'object'; fields: Fields; required?: boolean };
export type Fields = Record<string, Spec>;

export const str = (oneOf?: readonly string[]): Spec => ({ kind: 'string', ...(oneOf ? { oneOf } : {}) });
export const bool = (): Spec => ({ kind: 'boolean' });
export const int = (min?: number, max?: number): Spec => ({ kind: 'integer', min, max });
export const metadata = (): Spec => ({ kind: 'metadata' });
export const list = (of: Spec): Spec => ({ kind: 'list', of });
export const obj = (fields: Fields): Spec => ({ kind: 'object', fields });
export const required = (spec: Spec): Spec => ({ ...spec, required: true });

/** Every endpoint takes `expand`; list endpoints also take `limit` and `starting_after`. */
export const EXPAND: Fields = { expand: list(str()) };
export const PAGING: Fields = { ...EXPAND, limit: int(1, 100), starting_after: str() };

/** `metadata[key]=` (empty) unsets that key; `metadata=` unsets them all. */
export type MetadataChange = { unsetAll: boolean; set: Record<string, string | null> };

const childPath = (prefix: string, key: string) => (prefix ? `${prefix}[${key}]` : key);

function emptyString(param: string) {
  return invalidRequest(
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    param,
    'parameter_invalid_empty',
  );
}

function readValue(spec: Spec, value: FormValue, param: string): unknown {
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, param);
      if (value === '') throw emptyString(param);
      if (spec.oneOf && !spec.oneOf.includes(value)) {
        const choices = spec.oneOf.length > 1 ? `${spec.oneOf.slice(0, -1).join(', ')}, or ${spec.oneOf.at(-1)}` : spec.oneOf[0];
        throw invalidRequest(`Invalid ${param}: must be one of ${choices}`, param);
      }
      return value;
    }
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      if (value === '') throw emptyString(param);
      throw invalidRequest(`Invalid boolean: ${typeof value === 'string' ? value : JSON.stringify(value)}`, param);
    case 'integer': {
      if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${typeof value === 'string' ? value : JSON.stringify(value)}`, param, 'parameter_invalid_integer');
      const n = Number(value);
      if (spec.min !== undefined && n < spec.min) throw invalidRequest(`This value must be greater than or equal to ${spec.min}.`, param);
      if (spec.max !== undefined && n > spec.max) throw invalidRequest(`This value must be less than or equal to ${spec.max}.`, param);
      return n;
    }
    case 'metadata': {
      if (value === '') return { unsetAll: true, set: {} } satisfies MetadataChange;
      if (typeof value === 'string') throw invalidRequest('Invalid hash', param);
      const set: Record<string, string | null> = {};
      for (const [key, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw invalidRequest('Invalid hash', childPath(param, key));
        set[key] = v === '' ? null : v;
      }
      return { unsetAll: false, set } satisfies MetadataChange;
    }
    case 'list': {
      if (typeof value === 'string') throw invalidRequest('Invalid array', param);
      const keys = Object.keys(value);
      if (keys.some((k) => !/^\d+$/.test(k))) throw invalidRequest('Invalid array', param);
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => readValue(spec.of, value[k]!, childPath(param, k)));
    }
    case 'object':
      if (typeof value === 'string') {
        if (value === '') throw emptyString(param);
        throw invalidRequest('Invalid object', param);
      }
      return readFields(spec.fields, value, param);
  }
}

function readFields(fields: Fields, record: FormRecord, prefix: string): Record<string, unknown> {
  for (const key of Object.keys(record)) if (!(key in fields)) throw unknownParameter(childPath(prefix, key));
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(fields)) {
    const value = record[key];
    if (value === undefined) {
      if (spec.required) throw missingParameter(childPath(prefix, key));
      continue;
    }
    out[key] = readValue(spec, value, childPath(prefix, key));
  }
  return out;
}

/** Checks a request's parameters against an endpoint's fields; throws the StripeError the API would answer. */
export function readParams<T>(fields: Fields, params: FormRecord): T {
  return readFields(fields, params, '') as T;
}

/** Applies a metadata change to the current metadata (Stripe merges; empty values delete). */
export function applyMetadata(current: Record<string, string>, change: MetadataChange | undefined): Record<string, string> {
  if (!change) return current;
  const next = change.unsetAll ? {} : { ...current };
  for (const [key, value] of Object.entries(change.set)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
