import type { BenefitJson, PriceJson, ProductJson } from './types.ts';

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

export const SEED_BENEFIT_IDS = {
  core: '33333333-3333-4333-8333-3333333333b1',
  pro: '33333333-3333-4333-8333-3333333333b2',
} as const;

/**
 * Feature flags, as Polar's dashboard creates them (benefit/strategies/feature_flag): empty
 * properties, the `key` the app checks in their metadata. Pro includes everything in Starter.
 */
function featureFlag(id: string, key: string, description: string): BenefitJson {
  return {
    id,
    created_at: SEEDED_AT,
    modified_at: null,
    type: 'feature_flag',
    description,
    selectable: true,
    deletable: true,
    is_deleted: false,
    organization_id: ORGANIZATION_ID,
    metadata: { key },
    visibility: 'private',
    visibility_configurable: true,
    properties: {},
  };
}

const CORE = featureFlag(SEED_BENEFIT_IDS.core, 'core', 'Unlimited projects and the API');
const PRO = featureFlag(SEED_BENEFIT_IDS.pro, 'pro', 'Pro notes, priority support and advanced analytics');

/** A monthly subscription product with one fixed price, as the catalog (and tests) build them. */
export function monthlyProduct(id: string, priceId: string, name: string, description: string, cents: number, benefits: BenefitJson[] = []): ProductJson {
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
    meter_interval: null,
    meter_interval_count: null,
    is_recurring: true,
    is_archived: false,
    prices: [price],
    benefits,
    medias: [],
    attached_custom_fields: [],
  };
}

export function seedProducts(): ProductJson[] {
  return [
    monthlyProduct(SEED_PRODUCT_IDS.starter, SEED_PRICE_IDS.starter, 'Starter', 'For side projects: the essentials, billed monthly.', 900, [CORE]),
    monthlyProduct(SEED_PRODUCT_IDS.pro, SEED_PRICE_IDS.pro, 'Pro', 'For teams shipping to production: everything in Starter and more.', 2900, [CORE, PRO]),
  ];
}
