// The authenticator pool. Every value the REST layer sends is already the text Postgres should
// parse (a filter operand from the URL, a JSON document), but postgres.js re-serializes each
// parameter by the type Postgres infers for it: 'true' would reach a boolean column as 'f',
// JSON text would be encoded twice, timestamps would lose their microseconds. So strings pass
// through untouched here and Postgres alone does the coercion, as it does behind PostgREST.
import postgres from 'postgres';
import type { Sql } from '../types.ts';

const text = (fallback: (x: unknown) => string) => (x: unknown) => (typeof x === 'string' ? x : fallback(x));

export function createRestPool(url: string): Sql {
  return postgres(url, {
    max: 10,
    // Statements are built per request, so preparing them would only fill a cache; no array
    // serializers either, since values never arrive as JS arrays.
    prepare: false,
    fetch_types: false,
    onnotice: () => {},
    types: {
      bool: { to: 16, from: [16], serialize: text((x) => (x === true ? 't' : 'f')), parse: (x: string) => x === 't' },
      json: { to: 114, from: [114, 3802], serialize: text((x) => JSON.stringify(x)), parse: (x: string) => JSON.parse(x) },
      date: {
        to: 1184,
        from: [1082, 1114, 1184],
        serialize: text((x) => (x instanceof Date ? x : new Date(String(x))).toISOString()),
        parse: (x: string) => new Date(x),
      },
      bytea: { to: 17, from: [17], serialize: text((x) => `\\x${Buffer.from(x as Uint8Array).toString('hex')}`), parse: (x: string) => x },
    },
  }) as unknown as Sql;
}
