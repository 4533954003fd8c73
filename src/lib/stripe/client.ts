import 'server-only';
import Stripe from 'stripe';
import { serverEnv } from '@/env/server';

let client: Stripe | undefined;

/**
 * The app's Stripe client (the official `stripe` package, at the API version it pins). Shared:
 * it holds no user state. STRIPE_API_URL is set only by the offline stack (the stand-in).
 */
export function stripeClient(): Stripe {
  if (!serverEnv.STRIPE_SECRET_KEY) throw new Error('STRIPE_SECRET_KEY is not set (PAYMENT_PROVIDER=stripe needs it)');
  client ??= new Stripe(serverEnv.STRIPE_SECRET_KEY, {
    ...(serverEnv.STRIPE_API_URL ? hostOf(serverEnv.STRIPE_API_URL) : {}),
    timeout: serverEnv.POLAR_TIMEOUT_MS,
    // Stripe's advice: retry a failed request once, with the same idempotency key (the client sets one).
    maxNetworkRetries: 1,
    appInfo: { name: 'polar-supabase-billing' },
  });
  return client;
}

function hostOf(url: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  return { host: parsed.hostname, port: Number(parsed.port || (protocol === 'http' ? 80 : 443)), protocol };
}
