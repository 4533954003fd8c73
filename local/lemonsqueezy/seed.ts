// The Lemon Squeezy stand-in's catalog: one store and the same two plans as the Polar and Stripe
// seeds, each a product with one monthly USD subscription variant. Fixed numeric ids so tests,
// seeds and .env files can name them.
import type { ProductRecord, StoreRecord, VariantRecord } from './types.ts';

export const LEMONSQUEEZY_SEED_STORE_ID = '10001';
export const LEMONSQUEEZY_SEED_PRODUCT_IDS = { starter: '20001', pro: '20002' } as const;
export const LEMONSQUEEZY_SEED_VARIANT_IDS = { starter: '30001', pro: '30002' } as const;
const PRICE_IDS = { starter: '31001', pro: '31002' } as const;

// 2025-01-01T00:00:00Z, as the Polar and Stripe seeds.
const SEEDED_AT = '2025-01-01T00:00:00.000Z';

export interface SeedCatalog {
  store: StoreRecord;
  products: ProductRecord[];
  variants: VariantRecord[];
}

export function seedCatalog(storeId = LEMONSQUEEZY_SEED_STORE_ID): SeedCatalog {
  const plan = (key: 'starter' | 'pro', name: string, description: string, cents: number, sort: number) => ({
    product: { id: LEMONSQUEEZY_SEED_PRODUCT_IDS[key], store_id: storeId, name, slug: key, description, created_at: SEEDED_AT },
    variant: { id: LEMONSQUEEZY_SEED_VARIANT_IDS[key], product_id: LEMONSQUEEZY_SEED_PRODUCT_IDS[key], price_id: PRICE_IDS[key], name: 'Monthly', slug: `${key}-monthly`, price: cents, interval: 'month' as const, sort, created_at: SEEDED_AT },
  });
  const starter = plan('starter', 'Starter', 'For side projects: the essentials, billed monthly.', 900, 0);
  const pro = plan('pro', 'Pro', 'For teams shipping to production: everything in Starter and more.', 2900, 1);
  return {
    store: { id: storeId, name: 'Billing Starter', slug: 'billing-starter', created_at: SEEDED_AT },
    products: [starter.product, pro.product],
    variants: [starter.variant, pro.variant],
  };
}
