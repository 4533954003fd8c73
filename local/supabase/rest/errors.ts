// PostgREST's error bodies and its SQLSTATE → HTTP status table, so postgrest-js callers see
// the same `error.code` and status they would against a real project.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import pg from 'pg';
import { DatabaseUnavailableError } from '../db.ts';

export class RestError extends Error {
  status: number;
  code: string;
  details: string | null;
  hint: string | null;
  constructor(status: number, code: string, message: string, details: string | null = null, hint: string | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.hint = hint;
  }
}

export const parseError = (what: string, raw: string, details: string) =>
  new RestError(400, 'PGRST100', `"failed to parse ${what} (${raw})"`, details);

export const singleObjectError = (rows: number) =>
  new RestError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `The result contains ${rows} rows`);

export const invalidBody = () => new RestError(400, 'PGRST102', 'Empty or invalid json');

interface PgError {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

function isPgError(error: unknown): error is PgError {
  return error instanceof pg.DatabaseError && typeof error.code === 'string';
}

/** PostgREST's mapping (docs: "HTTP status codes" → "SQLSTATE"). */
function statusFor(code: string, role: string): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  const exact: Record<string, number> = {
    '23503': 409, '23505': 409, '25006': 405, P0001: 400, '42883': 404, '42P01': 404, '42P17': 500,
  };
  if (exact[code]) return exact[code];
  const byClass: Record<string, number> = {
    '08': 503, '09': 500, '0L': 403, '0P': 403, '22': 400, '23': 409, '25': 500, '28': 403, '2D': 500,
    '38': 500, '39': 500, '3B': 500, '40': 500, '42': 400, '53': 503, '54': 413, '55': 500, '57': 500,
    '58': 500, F0: 500, HV: 500, P0: 500, XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 500;
}

export function toRestError(error: unknown, role: string, table?: string): RestError {
  if (error instanceof RestError) return error;
  // The database is unreachable (stopped, restarting): PostgREST answers 503 PGRST001 and
  // reconnects; the pool has already discarded the dead connection (see db.ts).
  if (error instanceof DatabaseUnavailableError) return new RestError(503, 'PGRST001', 'Database client error. Retrying the connection.');
  if (isPgError(error)) {
    if (error.code === '42P01' && table) {
      return new RestError(404, 'PGRST205', `Could not find the table 'public.${table}' in the schema cache`);
    }
    return new RestError(statusFor(error.code, role), error.code, error.message, error.detail ?? null, error.hint ?? null);
  }
  // A client that hung up (e.g. the app abandoning a slow write) is not the stand-in's fault.
  if ((error as { code?: string } | null)?.code !== 'ECONNRESET') console.error('[supabase stand-in] unexpected REST error', error);
  return new RestError(500, 'PGRST000', 'Internal error in the Supabase stand-in');
}

export function restErrorResponse(c: Context, error: RestError): Response {
  if (error.status === 401 && error.code.startsWith('PGRST3')) {
    c.header('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error.message.replaceAll('"', "'")}"`);
  }
  const body = { code: error.code, details: error.details, hint: error.hint, message: error.message };
  return c.json(body, error.status as ContentfulStatusCode);
}
