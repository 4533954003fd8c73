import type { NextConfig } from 'next';
import { validateEnv } from './src/env';

// Fail `next dev` / `next build` / `next start` at once on a missing or malformed variable.
validateEnv();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
