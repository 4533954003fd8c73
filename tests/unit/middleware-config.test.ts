import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Next reads `config` statically from the source, so the test compares the source too.
const matcherOf = (file: string) => readFileSync(path.join(ROOT, file), 'utf8').match(/matcher:\s*(\[[^\]]*\])/)?.[1];

describe('session middleware', () => {
  it('runs on the same paths in dev (src/proxy.ts) as in production builds (middleware.ts)', () => {
    expect(matcherOf('middleware.ts')).toBeTruthy();
    expect(matcherOf('src/proxy.ts')).toBe(matcherOf('middleware.ts'));
  });
});
