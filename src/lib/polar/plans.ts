import 'server-only';
import { logError } from '@/lib/log';
import { cachedPlans } from '@/lib/payments/plans-cache';
import type { Plan } from '@/lib/payments/types';
import { polarClient } from './client';
import { polarFailure } from './failure';
import { fixedPriceSchema, parseProblem, productSchema } from './objects';

export type { Plan } from '@/lib/payments/types';

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

/** The organization's live subscription products it can show, cheapest first (cached: cachedPlans). */
export const listPlans = cachedPlans(async (): Promise<Plan[]> => {
  const plans: Plan[] = [];
  try {
    for await (const product of polarClient().products.iterList({ is_archived: false, is_recurring: true, limit: 100 })) {
      const plan = toPlan(product);
      if (plan) plans.push(plan);
    }
  } catch (error) {
    throw polarFailure(error, { what: 'listing products (GET /v1/products/)', scope: 'products:read' });
  }
  return plans.sort((a, b) => a.priceAmount - b.priceAmount);
});
