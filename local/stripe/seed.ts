// The Stripe stand-in's catalog: the same two plans as the Polar seed (local/polar/seed.ts),
// each a product with one monthly USD price. Fixed ids so tests, seeds and .env files can name them.
import type { PriceJson, ProductJson } from './types.ts';

export const STRIPE_SEED_PRODUCT_IDS = { starter: 'prod_StandInStarter', pro: 'prod_StandInPro' } as const;
export const STRIPE_SEED_PRICE_IDS = { starter: 'price_StandInStarterMonthly', pro: 'price_StandInProMonthly' } as const;

// 2025-01-01T00:00:00Z, as the Polar seed.
const SEEDED_AT = 1_735_689_600;

function monthlyPrice(id: string, product: string, cents: number): PriceJson {
  return {
    id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: SEEDED_AT,
    currency: 'usd',
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product,
    recurring: { interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'recurring',
    unit_amount: cents,
    unit_amount_decimal: String(cents),
  };
}

function product(id: string, priceId: string, name: string, description: string): ProductJson {
  return {
    id,
    object: 'product',
    active: true,
    created: SEEDED_AT,
    default_price: priceId,
    description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: SEEDED_AT,
    url: null,
  };
}

export function seedCatalog(): { products: ProductJson[]; prices: PriceJson[] } {
  const { starter, pro } = STRIPE_SEED_PRODUCT_IDS;
  return {
    // Pro first: created at the same second, Stripe lists the later one first.
    products: [
      product(pro, STRIPE_SEED_PRICE_IDS.pro, 'Pro', 'For teams shipping to production: everything in Starter and more.'),
      product(starter, STRIPE_SEED_PRICE_IDS.starter, 'Starter', 'For side projects: the essentials, billed monthly.'),
    ],
    prices: [monthlyPrice(STRIPE_SEED_PRICE_IDS.pro, pro, 2900), monthlyPrice(STRIPE_SEED_PRICE_IDS.starter, starter, 900)],
  };
}
