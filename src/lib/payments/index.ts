import 'server-only';
import { serverEnv } from '@/env/server';
import { polarAdapter } from './polar-adapter';
import { stripeAdapter } from './stripe-adapter';
import type { PaymentAdapter, PaymentProvider } from './types';

const ADAPTERS: Partial<Record<PaymentProvider, PaymentAdapter>> = { polar: polarAdapter, stripe: stripeAdapter };

/** The adapter of the provider this deployment bills with (PAYMENT_PROVIDER, default polar). */
export function activePaymentAdapter(): PaymentAdapter {
  const adapter = ADAPTERS[serverEnv.PAYMENT_PROVIDER];
  if (!adapter) throw new Error(`PAYMENT_PROVIDER=${serverEnv.PAYMENT_PROVIDER} has no adapter yet`);
  return adapter;
}
