import 'server-only';
import { serverEnv } from '@/env/server';
import { logError } from '@/lib/log';
import { polarClient } from './client';
import { polarFailure } from './failure';
import type { Plan } from '@/lib/payments/types';
import { fixedPriceSchema, parseProblem, productSchema } from './objects';

export type { Plan } from '@/lib/payments/types';

const TTL_MS = serverEnv.POLAR_PRODUCTS_CACHE_SECONDS * 1000;
let cached: { plans: Plan[]; at: number } | undefined;
/** Products already reported as unshowable: each is logged once per process, not per request. */
const reported = new Set<string>();

function reportOnce(key: string, message: string): void {
  if (reported.has(key)) return;
  reported.add(key);
  logError('polar plans', message);
}

/**
 * A product as a plan card, or null when this starter cannot sell it: a price it does not
 * know how to show (seat-based, metered, custom, …) is skipped, not a failed page.
 */
function toPlan(raw: unknown): Plan | null {
  const product = productSchema.safeParse(raw);
  const rawId = (raw as { id?: unknown } | null)?.id;
  if (!product.success) {
    reportOnce(String(rawId), `product ${String(rawId)} skipped: ${parseProblem(product.error)}`);
    return null;
  }
  const { data } = product;
  const price = data.prices.filter((p) => !p.is_archived).map((p) => fixedPriceSchema.safeParse(p)).find((p) => p.success)?.data;
  if (!price) {
    reportOnce(data.id, `product ${data.id} (${data.name}) skipped: no fixed price (price types: ${data.prices.map((p) => p.amount_type).join(', ') || 'none'})`);
    return null;
  }
  return {
    id: data.id,
    name: data.name,
    description: data.description,
    priceAmount: price.price_amount,
    currency: price.price_currency,
    interval: data.recurring_interval,
    intervalCount: data.recurring_interval_count ?? null,
    trialInterval: data.trial_interval ?? null,
    trialIntervalCount: data.trial_interval ? (data.trial_interval_count ?? 1) : null,
  };
}

/**
 * The organization's live subscription products it can show, cheapest first. Cached in the
 * process (POLAR_PRODUCTS_CACHE_SECONDS, a minute by default): the pricing page and checkout
 * validation read it on every request, Polar need not.
 */
export async function listPlans(): Promise<Plan[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.plans;
  const plans: Plan[] = [];
  try {
    for await (const product of polarClient().products.iterList({ is_archived: false, is_recurring: true, limit: 100 })) {
      const plan = toPlan(product);
      if (plan) plans.push(plan);
    }
  } catch (error) {
    throw polarFailure(error, { what: 'listing products (GET /v1/products/)', scope: 'products:read' });
  }
  plans.sort((a, b) => a.priceAmount - b.priceAmount);
  cached = { plans, at: Date.now() };
  return plans;
}
