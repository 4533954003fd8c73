// `npm run db:types`: regenerates src/lib/supabase/database.types.ts with the real Supabase CLI
// from a throwaway database that has the migrations applied.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startPostgres } from './db/postgres.ts';
import { runSupabaseCli } from './db/supabase-cli.ts';
import { freePort } from './net.ts';

const OUT = path.resolve(import.meta.dirname, '../src/lib/supabase/database.types.ts');

const db = await startPostgres({ port: await freePort() });
try {
  const types = await runSupabaseCli(['gen', 'types', 'typescript', `--db-url=${db.url}?sslmode=disable`, '--schema=public']);
  await writeFile(OUT, types);
  console.log(`Wrote ${path.relative(process.cwd(), OUT)}`);
} finally {
  await db.stop();
}
