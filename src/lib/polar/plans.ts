import 'server-only';
import type { Product } from '@polar-sh/sdk/models/components/product.js';
import { polarClient } from './client';

/** A subscription plan as the pricing page and checkout need it. */
export interface Plan {
  id: string;
  name: string;
  description: string | null;
  /** In the smallest currency unit (cents); null for free or custom-priced plans. */
  priceAmount: number | null;
  currency: string | null;
  interval: string | null;
  intervalCount: number | null;
}

const TTL_MS = 60_000;
let cached: { plans: Plan[]; at: number } | undefined;

function toPlan(product: Product): Plan {
  const price = product.prices.find((p) => !p.isArchived && 'priceAmount' in p);
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    priceAmount: price && 'priceAmount' in price ? price.priceAmount : null,
    currency: price && 'priceCurrency' in price ? price.priceCurrency : null,
    interval: product.recurringInterval ?? null,
    intervalCount: product.recurringIntervalCount ?? null,
  };
}

/**
 * The organization's live subscription products, cheapest first. Cached in the process for a
 * minute: the pricing page and checkout validation read it on every request, Polar need not.
 */
export async function listPlans(): Promise<Plan[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.plans;
  const plans: Plan[] = [];
  const pages = await polarClient().products.list({ isArchived: false, isRecurring: true, limit: 100 });
  for await (const page of pages) plans.push(...page.result.items.map(toPlan));
  plans.sort((a, b) => (a.priceAmount ?? 0) - (b.priceAmount ?? 0));
  cached = { plans, at: Date.now() };
  return plans;
}
