import 'server-only';
import type Stripe from 'stripe';
import { cachedPlans } from '@/lib/payments/plans-cache';
import type { Plan } from '@/lib/payments/types';
import { stripeClient } from './client';

/** A plan with the Stripe price its checkout charges. */
export type StripePlan = Plan & { priceId: string };

function toPlan(price: Stripe.Price): StripePlan | null {
  const product = typeof price.product === 'object' && !('deleted' in price.product && price.product.deleted) ? (price.product as Stripe.Product) : null;
  // Only what a monthly or yearly subscription checkout can sell: an active product, a fixed recurring price.
  if (!product?.active || !price.recurring || price.unit_amount === null || price.recurring.usage_type !== 'licensed') return null;
  return {
    id: product.id,
    priceId: price.id,
    name: product.name,
    description: product.description,
    priceAmount: price.unit_amount,
    currency: price.currency,
    interval: price.recurring.interval,
    intervalCount: price.recurring.interval_count,
    // A price's trial_period_days applies to Checkout only with trial_from_plan, which Checkout
    // Sessions do not take: no trial is started, so none is advertised.
    trialInterval: null,
    trialIntervalCount: null,
  };
}

/**
 * Stripe's active recurring prices, one plan per product (its default price when that is one of
 * them), cheapest first (cached: cachedPlans).
 */
export const listStripePlans = cachedPlans(async (): Promise<StripePlan[]> => {
  const prices = await stripeClient().prices.list({ active: true, type: 'recurring', limit: 100, expand: ['data.product'] });
  const byProduct = new Map<string, StripePlan>();
  for (const price of prices.data) {
    const plan = toPlan(price);
    if (!plan) continue;
    const defaultPrice = (price.product as Stripe.Product).default_price;
    const isDefault = (typeof defaultPrice === 'string' ? defaultPrice : defaultPrice?.id) === price.id;
    if (!byProduct.has(plan.id) || isDefault) byProduct.set(plan.id, plan);
  }
  return [...byProduct.values()].sort((a, b) => a.priceAmount - b.priceAmount || a.name.localeCompare(b.name));
});
