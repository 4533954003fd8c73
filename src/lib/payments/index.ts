import 'server-only';
import { serverEnv } from '@/env/server';
import { lemonSqueezyAdapter } from './lemonsqueezy-adapter';
import { polarAdapter } from './polar-adapter';
import { stripeAdapter } from './stripe-adapter';
import type { PaymentAdapter, PaymentProvider } from './types';

const ADAPTERS: Record<PaymentProvider, PaymentAdapter> = { polar: polarAdapter, stripe: stripeAdapter, lemonsqueezy: lemonSqueezyAdapter };

/** The adapter of the provider this deployment bills with (PAYMENT_PROVIDER, default polar). */
export function activePaymentAdapter(): PaymentAdapter {
  return ADAPTERS[serverEnv.PAYMENT_PROVIDER];
}
