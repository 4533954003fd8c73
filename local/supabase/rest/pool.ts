// The authenticator pool. Every value the REST layer sends is already the text Postgres should
// parse (a filter operand from the URL, a JSON document): node-postgres sends strings as they
// are, untyped, so Postgres alone coerces them to the column's type, as it does behind
// PostgREST ('true' reaches a boolean column as true, JSON is not encoded twice, timestamps
// keep their microseconds). Rows reach the client as JSON that Postgres renders itself
// (json_agg, see respond.ts), so only the few scalars the REST layer reads are parsed here.
import pg from 'pg';
import { createSql } from '../db.ts';
import type { Sql } from '../types.ts';

// bool, int2, int4 (counts, pg_proc flags) and json/jsonb (catalogue lookups built with to_json).
const PARSED = new Set([16, 21, 23, 114, 3802]);
const asText = (value: string) => value;

// Anything else stays the text Postgres sent (a timestamptz keeps its offset and microseconds,
// int8 and numeric their digits) rather than becoming a lossy Date or number.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (PARSED.has(oid) ? pg.types.getTypeParser(oid, format) : asText),
} as pg.CustomTypesConfig;

export function createRestPool(url: string): Sql {
  return createSql(url, 'REST', { max: 10, types });
}
