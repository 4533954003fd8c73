import { publicEnv } from '@/env/public';
import { serverEnvSchema } from '@/env/schema';
import { contentSecurityPolicy, newNonce, polarPagesOrigin } from './security-headers';

// Read here rather than from the server-only env module because the middleware needs them.
const origins = {
  supabaseUrl: publicEnv.NEXT_PUBLIC_SUPABASE_URL,
  polarPagesOrigin: polarPagesOrigin({
    POLAR_API_URL: serverEnvSchema.shape.POLAR_API_URL.parse(process.env.POLAR_API_URL || undefined),
    POLAR_SERVER: serverEnvSchema.shape.POLAR_SERVER.parse(process.env.POLAR_SERVER),
  }),
  https: publicEnv.NEXT_PUBLIC_SITE_URL.startsWith('https:'),
};

/** A fresh page policy: for the request (where Next finds the nonce) and for the response. */
export function pageContentSecurityPolicy(): string {
  return contentSecurityPolicy(newNonce(), origins, process.env.NODE_ENV === 'development');
}
