import type { PriceJson, ProductJson } from './types.ts';

// Fixed, readable UUIDs so tests, seeds and .env files can name products directly.
export const ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';
export const SEED_PRODUCT_IDS = {
  starter: '11111111-1111-4111-8111-111111111111',
  pro: '22222222-2222-4222-8222-222222222222',
} as const;
export const SEED_PRICE_IDS = {
  starter: '11111111-1111-4111-8111-1111111111a1',
  pro: '22222222-2222-4222-8222-2222222222a2',
} as const;

const SEEDED_AT = '2025-01-01T00:00:00.000Z';

function monthlyProduct(id: string, priceId: string, name: string, description: string, cents: number): ProductJson {
  const price: PriceJson = {
    id: priceId,
    created_at: SEEDED_AT,
    modified_at: null,
    source: 'catalog',
    amount_type: 'fixed',
    price_currency: 'usd',
    tax_behavior: null,
    is_archived: false,
    product_id: id,
    price_amount: cents,
  };
  return {
    id,
    created_at: SEEDED_AT,
    modified_at: null,
    name,
    description,
    visibility: 'public',
    organization_id: ORGANIZATION_ID,
    metadata: {},
    trial_interval: null,
    trial_interval_count: null,
    recurring_interval: 'month',
    recurring_interval_count: 1,
    is_recurring: true,
    is_archived: false,
    prices: [price],
    benefits: [],
    medias: [],
    attached_custom_fields: [],
  };
}

export function seedProducts(): ProductJson[] {
  return [
    monthlyProduct(SEED_PRODUCT_IDS.starter, SEED_PRICE_IDS.starter, 'Starter', 'For side projects: the essentials, billed monthly.', 900),
    monthlyProduct(SEED_PRODUCT_IDS.pro, SEED_PRICE_IDS.pro, 'Pro', 'For teams shipping to production: everything in Starter and more.', 2900),
  ];
}
