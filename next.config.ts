import type { NextConfig } from 'next';
import { validateEnv } from './src/env';
import { API_CONTENT_SECURITY_POLICY, responseSecurityHeaders } from './src/lib/http/security-headers';

// Fail `next dev` / `next build` / `next start` at once on a missing or malformed variable.
validateEnv();

const nextConfig: NextConfig = {
  // Tests and benchmarks build into their own folder, so runs side by side never share one.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { tsconfigPath: 'tsconfig.app.json' },
  // Pages get their nonce-based policy from the middleware (middleware.ts); these go on every
  // answer, API routes and static files included.
  async headers() {
    return [
      { source: '/:path*', headers: responseSecurityHeaders(process.env.NODE_ENV === 'production') },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
