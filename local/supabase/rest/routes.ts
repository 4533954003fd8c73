// /rest/v1: authorise the bearer, pick the schema, then run the whole request inside one
// transaction as the JWT's role. Errors leave as PostgREST JSON, never as a stack.
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppEnv, StandInContext, TransactionSql } from '../types.ts';
import { restErrorResponse, RestError, toRestError } from './errors.ts';
import { authorize, inRequestTransaction, parsePrefer, requestSchema, wantsSingleObject } from './request-context.ts';
import { argsFrom, callFunction, FunctionCache } from './rpc.ts';
import { deleteRows, insertRows, readRows, updateRows } from './table.ts';
import type { TableRequest } from './table.ts';

type Work = (c: Context<AppEnv>, tx: TransactionSql, schema: string) => Promise<Response>;

export function restRoutes(ctx: StandInContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const functions = new FunctionCache();

  const handle = async (c: Context<AppEnv>, table: string | undefined, prepare: () => Promise<Work>) => {
    let role = 'anon';
    try {
      const caller = await authorize(ctx, c.get('bearer'));
      role = caller.role;
      const schema = requestSchema(c);
      const work = await prepare();
      return await inRequestTransaction(ctx, c, caller, (tx) => work(c, tx, schema));
    } catch (error) {
      return restErrorResponse(c, toRestError(error, role, table));
    }
  };

  app.on(['GET', 'POST'], '/rpc/:fn', (c) =>
    handle(c, undefined, async () => {
      // Read the body before the transaction opens: a slow client must not hold a connection.
      const args = await argsFrom(c, c.req.method);
      return (cx, tx, schema) => callFunction(cx, tx, functions, schema, c.req.param('fn'), args, wantsSingleObject(c));
    }),
  );

  const verbs: Record<string, (req: TableRequest) => Promise<Response>> = {
    GET: readRows,
    // Hono routes HEAD to the GET handler but keeps the method; the body is dropped for us.
    HEAD: readRows,
    POST: insertRows,
    PATCH: updateRows,
    DELETE: deleteRows,
  };
  app.on(['GET', 'POST', 'PATCH', 'DELETE'], '/:table', (c) => {
    const table = c.req.param('table');
    return handle(c, table, async () => {
      // Read the body before the transaction opens: a slow client must not hold a connection.
      if (c.req.method === 'POST' || c.req.method === 'PATCH') await c.req.text();
      const prefer = parsePrefer(c.req.header('prefer'));
      const single = wantsSingleObject(c);
      const verb = verbs[c.req.method];
      if (!verb) throw new RestError(405, 'PGRST117', `Unsupported HTTP method: ${c.req.method}`);
      return (cx, tx, schema) => verb({ c: cx, tx, schema, table, prefer, single });
    });
  });

  app.all('*', (c) => restErrorResponse(c, new RestError(404, 'PGRST125', `Invalid path specified in request URL`)));
  return app;
}
