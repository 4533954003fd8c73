// The stand-in's database access: a node-postgres pool behind a small tagged-template API
// (sql`… ${value}` → `… $1`). node-postgres reports a lost connection as an ordinary error
// (postgres.js 3.4.9 could throw an uncatchable TypeError from a timer when its socket closed
// under a pending write), so a database outage costs requests, never the process.
import pg from 'pg';

export type Row = pg.QueryResultRow;

export interface Queryable {
  /** Every interpolated value becomes a $n parameter, sent as text for Postgres to coerce. */
  <R extends Row = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<R[]>;
  /** SQL text with $n placeholders (see rest/sql-text.ts). */
  query<R extends Row = Row>(text: string, values?: unknown[]): Promise<R[]>;
}

export type TransactionSql = Queryable;

export interface Sql extends Queryable {
  /** One transaction on one connection: committed when `fn` resolves, rolled back when it throws. */
  begin<T>(fn: (tx: TransactionSql) => Promise<T>, mode?: 'read only' | 'read write'): Promise<T>;
  end(): Promise<void>;
}

/** The database cannot be reached or dropped the connection: PostgREST's 503, GoTrue's 500. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('Database client error. Retrying the connection.', { cause });
  }
}

// Socket failures, the server shutting down (57P01/57P02) or still starting (57P03), SQLSTATE
// class 08, and node-postgres's own wording for a connection that ended or never came.
const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03']);
const LOST_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/;

export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_CODES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isConnectionLoss);
  return LOST_MESSAGES.test(error.message);
}

const unavailableOr = (error: unknown) => (isConnectionLoss(error) ? new DatabaseUnavailableError(error) : error);

function queryable(run: (text: string, values: unknown[]) => Promise<pg.QueryResult>): Queryable {
  const query = async <R extends Row>(text: string, values: unknown[] = []) => {
    try {
      return (await run(text, values)).rows as R[];
    } catch (error) {
      throw unavailableOr(error);
    }
  };
  const tag = <R extends Row>(strings: TemplateStringsArray, ...values: unknown[]) =>
    query<R>(strings.reduce((text, part, i) => `${text}$${i}${part}`), values);
  return Object.assign(tag, { query });
}

export interface SqlOptions {
  max: number;
  /** Result parsing; node-postgres's defaults (Date, JSON, boolean, int4) when omitted. */
  types?: pg.CustomTypesConfig;
}

export function createSql(url: string, name: string, options: SqlOptions): Sql {
  // A request waits at most 30 s for a connection (postgres.js's default connect_timeout, kept).
  const pool = new pg.Pool({ connectionString: url, max: options.max, types: options.types, connectionTimeoutMillis: 30_000 });
  // An idle client whose server went away emits 'error'; unhandled, that would end the process.
  pool.on('error', (error) => {
    if (!isConnectionLoss(error)) console.error(`[supabase stand-in] ${name} database client error`, error);
  });

  // A checked-out client has no pool listener: its 'error' must land on ours, attached in the
  // connect callback itself. A promise would attach it a tick late, and a fresh connection's
  // ReadyForQuery and a shutdown's FATAL 57P01 can arrive in one chunk, parsed in one go.
  function checkout(onError: (error: Error) => void): Promise<pg.PoolClient> {
    return new Promise((resolve, reject) => {
      pool.connect((error, client) => {
        if (error || !client) return reject(unavailableOr(error));
        client.on('error', onError);
        resolve(client);
      });
    });
  }

  async function begin<T>(fn: (tx: TransactionSql) => Promise<T>, mode?: 'read only' | 'read write'): Promise<T> {
    // The first connection error decides that the client is discarded rather than reused.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost ??= error;
    };
    const client = await checkout(onError);
    const tx = queryable((text, values) => client.query(text, values));
    try {
      await tx.query(mode ? `begin ${mode}` : 'begin');
      const result = await fn(tx);
      await tx.query('commit');
      return result;
    } catch (error) {
      if (isConnectionLoss(error)) lost ??= error as Error;
      else if (!lost) await client.query('rollback').catch((rollbackError: Error) => (lost = rollbackError));
      throw error;
    } finally {
      client.off('error', onError);
      client.release(lost);
    }
  }

  const sql = queryable((text, values) => pool.query(text, values));
  return Object.assign(sql, {
    begin,
    async end() {
      // Like postgres.js's end({ timeout: 5 }): a request that never finishes must not hold up close().
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000).unref()));
      await Promise.race([pool.end(), timeout]);
      clearTimeout(timer);
    },
  });
}
