import type { NextConfig } from 'next';
import { validateEnv } from './src/env';

// Fail `next dev` / `next build` / `next start` at once on a missing or malformed variable.
validateEnv();

const nextConfig: NextConfig = {
  // Tests and benchmarks build into their own folder, so runs side by side never share one.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { tsconfigPath: 'tsconfig.app.json' },
};

export default nextConfig;
