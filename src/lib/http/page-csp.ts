import { publicEnv } from '@/env/public';
import { serverEnvSchema } from '@/env/schema';
import { contentSecurityPolicy, newNonce, paymentPagesOrigins } from './security-headers';

// Read here rather than from the server-only env module because the middleware needs them.
const origins = {
  supabaseUrl: publicEnv.NEXT_PUBLIC_SUPABASE_URL,
  paymentPagesOrigins: paymentPagesOrigins({
    PAYMENT_PROVIDER: serverEnvSchema.shape.PAYMENT_PROVIDER.parse(process.env.PAYMENT_PROVIDER || undefined),
    POLAR_API_URL: serverEnvSchema.shape.POLAR_API_URL.parse(process.env.POLAR_API_URL || undefined),
    POLAR_SERVER: serverEnvSchema.shape.POLAR_SERVER.parse(process.env.POLAR_SERVER || undefined),
    STRIPE_API_URL: serverEnvSchema.shape.STRIPE_API_URL.parse(process.env.STRIPE_API_URL || undefined),
    LEMONSQUEEZY_API_URL: serverEnvSchema.shape.LEMONSQUEEZY_API_URL.parse(process.env.LEMONSQUEEZY_API_URL || undefined),
  }),
  https: publicEnv.NEXT_PUBLIC_SITE_URL.startsWith('https:'),
};

/** A fresh page policy: for the request (where Next finds the nonce) and for the response. */
export function pageContentSecurityPolicy(): string {
  return contentSecurityPolicy(newNonce(), origins, process.env.NODE_ENV === 'development');
}
