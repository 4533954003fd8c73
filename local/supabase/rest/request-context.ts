// What PostgREST decides before touching a table: who is asking (the verified JWT's role), which
// schema (profile headers), what the client prefers, and the per-request transaction that
// hands every decision about data access to Postgres (role, RLS, grants).
import type { Context } from 'hono';
import type { AppEnv, Claims, StandInContext, TransactionSql } from '../types.ts';
import { RestError } from './errors.ts';

const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);
const EXPOSED_SCHEMAS = ['public'];

export interface Caller {
  role: string;
  claims: Claims;
}

export interface Prefer {
  return: 'minimal' | 'representation';
  count: boolean;
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  missingDefault: boolean;
}

export async function authorize(ctx: StandInContext, bearer: string): Promise<Caller> {
  const verified = await ctx.tokens.verify(bearer);
  if (!verified.ok) {
    if (verified.reason === 'expired') throw new RestError(401, 'PGRST303', 'JWT expired');
    throw new RestError(401, 'PGRST301', 'JWT could not be decoded', verified.message);
  }
  const role = verified.claims.role ?? 'anon';
  if (!API_ROLES.has(role)) throw new RestError(401, 'PGRST301', `JWT role "${role}" is not allowed by the Supabase stand-in`);
  return { role, claims: verified.claims };
}

export function requestSchema(c: Context): string {
  const read = c.req.method === 'GET' || c.req.method === 'HEAD';
  const schema = c.req.header(read ? 'accept-profile' : 'content-profile') ?? 'public';
  if (!EXPOSED_SCHEMAS.includes(schema)) {
    throw new RestError(406, 'PGRST106', `The schema must be one of the following: ${EXPOSED_SCHEMAS.join(', ')}`, null, null);
  }
  return schema;
}

export function parsePrefer(header: string | undefined): Prefer {
  const prefs = new Set((header ?? '').split(',').map((p) => p.trim()).filter(Boolean));
  const resolution = prefs.has('resolution=merge-duplicates')
    ? 'merge-duplicates'
    : prefs.has('resolution=ignore-duplicates')
      ? 'ignore-duplicates'
      : undefined;
  return {
    return: prefs.has('return=representation') ? 'representation' : 'minimal',
    count: prefs.has('count=exact') || prefs.has('count=planned') || prefs.has('count=estimated'),
    resolution,
    missingDefault: prefs.has('missing=default'),
  };
}

export function wantsSingleObject(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('application/vnd.pgrst.object+json');
}

/** One transaction per request, as the JWT's role, with PostgREST's request GUCs. */
export async function inRequestTransaction<T>(
  ctx: StandInContext,
  c: Context<AppEnv>,
  caller: Caller,
  fn: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  const readOnly = c.req.method === 'GET' || c.req.method === 'HEAD';
  const headers = Object.fromEntries(c.req.raw.headers.entries());
  const path = c.req.path.replace(/^\/rest\/v1/, '') || '/';
  // set_config('role', …, true) is SET LOCAL ROLE, as PostgREST itself issues it.
  return ctx.restSql.begin(async (tx) => {
    await tx`
      select set_config('role', ${caller.role}, true),
             set_config('search_path', 'public, extensions', true),
             set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
             set_config('request.method', ${c.req.method}, true),
             set_config('request.path', ${path}, true),
             set_config('request.headers', ${JSON.stringify(headers)}, true)`;
    return fn(tx);
  }, readOnly ? 'read only' : 'read write');
}
