// Server secrets never reach the browser bundle or the server's log. (The global teardown checks
// the log once more after every other file has run.)
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { appSecrets, leakedSecrets } from '../../fixtures/secrets.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const secrets = appSecrets(stack);
const ROOT = path.resolve(import.meta.dirname, '../../..');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('secrets', () => {
  it('are not in the client bundle', async () => {
    const files = await filesUnder(path.join(ROOT, stack.distDir, 'static'));
    expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(5);
    for (const file of files) {
      expect({ file: path.relative(ROOT, file), leaked: leakedSecrets(await readFile(file, 'latin1'), secrets) }).toEqual({ file: path.relative(ROOT, file), leaked: [] });
    }
  });

  it('are not in what the server has logged so far', async () => {
    const logs = await stackControl(stack.controlUrl).appLogs();
    expect(logs.length).toBeGreaterThan(0);
    expect(leakedSecrets(logs, secrets)).toEqual([]);
  });
});
