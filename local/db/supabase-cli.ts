// Runs the project's own Supabase CLI (the npm package), so migrations and generated types come
// from the real tool rather than a re-implementation.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(PROJECT_ROOT, 'node_modules/supabase/dist/supabase.js');

export async function runSupabaseCli(args: string[], cwd = PROJECT_ROOT): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, CI: 'true', SUPABASE_YES: 'true', DO_NOT_TRACK: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`supabase ${args[0]} ${args[1] ?? ''} failed:\n${stderr || stdout || error}`);
  }
}
