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
          setupFiles: ['tests/fixtures/app-file-setup.ts'],
          // One shared stack: files take turns, so one file's injected fault never hits another.
          fileParallelism: false,
          // After unit and integration; before app-hs256, which switches the shared stack's signing.
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same suite on the same build and server, with Supabase signing user tokens HS256
        // (legacy JWT secret): the app's local verification never applies, @supabase/ssr does it all.
        resolve: { alias },
        test: {
          name: 'app-hs256',
          include: ['tests/integration/app/**/*.test.ts'],
          // Convergence under chaos and the webhook routes never look at a user's token: once, in
          // the app project, is enough.
          exclude: [
            'tests/integration/app/chaos.test.ts',
            'tests/integration/app/{webhooks,stripe-webhooks,lemonsqueezy-webhooks}.test.ts',
            'tests/integration/app/hostile-input-{webhooks,stripe-webhooks,lemonsqueezy-webhooks}.test.ts',
          ],
          globalSetup: ['tests/global-setup-app-hs256.ts'],
          setupFiles: ['tests/fixtures/app-file-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
