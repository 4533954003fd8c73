import { defineConfig } from 'vitest/config';

const alias = { '@': new URL('./src', import.meta.url).pathname };

export default defineConfig({
  resolve: { alias },
  test: {
    // Two cores: more workers only make the servers the tests start fight for them.
    maxWorkers: 2,
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        // Real PostgreSQL and the stand-ins, each file starting its own.
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/app/**'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The production build served by `next start` on one shared stack (built once per run).
        resolve: { alias },
        test: {
          name: 'app',
          include: ['tests/integration/app/**/*.test.ts'],
          globalSetup: ['tests/global-setup-app.ts'],
          // One shared stack: files take turns, so one file's injected fault never hits another.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
