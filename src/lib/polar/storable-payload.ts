import type { Json } from '@/lib/supabase/database.types';

// Polar's payloads are a few levels deep; anything far deeper is not an event.
const MAX_DEPTH = 32;

class TooDeep extends Error {}

/** Postgres text and jsonb hold neither NUL nor unpaired surrogates: both become U+FFFD. */
function storableString(value: string): string {
  return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

function copy(value: unknown, depth: number): Json {
  if (typeof value === 'string') return storableString(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth >= MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1));
  if (typeof value !== 'object') return null;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableString(key), copy(item, depth + 1)]));
}

/**
 * A copy of a verified webhook body that Postgres can store (and the app can act on), or null
 * when it is nested too deeply to be an event. Without this, a correctly signed but odd body
 * would fail the database write on every redelivery, forever.
 */
export function storablePayload(value: unknown): Json | null {
  try {
    return copy(value, 0);
  } catch (error) {
    if (error instanceof TooDeep) return null;
    throw error;
  }
}
