import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', '.next-runs/**', 'node_modules/**', '.local/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'src/lib/supabase/database.types.ts'],
  },
  {
    // `const { dropped: _dropped, ...kept } = record` is how a field is left out of a copy.
    rules: { '@typescript-eslint/no-unused-vars': ['warn', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }] },
  },
  {
    // Product code must not know which backend it talks to.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/local/**', '**/tests/**'], message: 'src/ never imports the offline stack or tests.' }] }],
    },
  },
];

export default config;
