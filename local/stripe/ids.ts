// Stripe's object ids: a type prefix, an underscore, then random base62 (the length of each
// kind as the API hands them out; the fixtures in stripe/openapi show one of each).
import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const LENGTHS = { cus: 14, sub: 24, si: 14, cs_test: 58, bps: 24, evt: 24, req: 14, bpc: 24 } as const;

export type IdKind = keyof typeof LENGTHS;

export function newId(kind: IdKind): string {
  let tail = '';
  for (let i = 0; i < LENGTHS[kind]; i += 1) tail += BASE62[randomInt(BASE62.length)];
  return `${kind}_${tail}`;
}

/** Unix seconds, the unit of every Stripe timestamp. */
export const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
