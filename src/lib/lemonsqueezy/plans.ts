import 'server-only';
import { getStore, listProducts, listVariants } from '@lemonsqueezy/lemonsqueezy.js';
import { z } from 'zod';
import { cachedPlans } from '@/lib/payments/plans-cache';
import type { Plan } from '@/lib/payments/types';
import { dataOf, lemonSqueezy } from './client';

/** A plan with the variant its checkout sells. */
export type LemonSqueezyPlan = Plan & { variantId: string };

const productSchema = z.object({ id: z.string(), attributes: z.object({ name: z.string(), description: z.string().nullable(), status: z.string() }) });
const variantSchema = z.object({
  id: z.string(),
  attributes: z.object({
    product_id: z.number(),
    price: z.number().int().nonnegative(),
    is_subscription: z.boolean(),
    interval: z.string().nullable(),
    interval_count: z.number().int().nullable(),
    has_free_trial: z.boolean(),
    trial_interval: z.string().nullable(),
    trial_interval_count: z.number().int().nullable(),
    status: z.string(),
    sort: z.number(),
  }),
});
const storeSchema = z.object({ data: z.object({ attributes: z.object({ currency: z.string().regex(/^[A-Za-z]{3}$/) }) }) });
const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(z.unknown()) }).transform(({ data }) => data.flatMap((raw) => {
  const parsed = item.safeParse(raw);
  return parsed.success ? [parsed.data as z.infer<T>] : [];
}));

/** Product descriptions are HTML (`<p>…</p>`): the plan card shows text. */
const plainText = (html: string | null) => (html === null ? null : html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim() || null);

/**
 * The store's published products with a published subscription variant (the first by `sort`),
 * cheapest first (cached: cachedPlans).
 */
export const listLemonSqueezyPlans = cachedPlans(async (): Promise<LemonSqueezyPlan[]> => {
  const { storeId } = lemonSqueezy();
  // Prices are in the store's currency, in its smallest unit.
  const currency = storeSchema.parse(dataOf(await getStore(storeId), 'reading the store (GET /v1/stores/{id})')).data.attributes.currency.toLowerCase();
  const products = listOf(productSchema).parse(dataOf(await listProducts({ filter: { storeId }, page: { size: 100 } }), 'listing products (GET /v1/products)'));
  const variants = listOf(variantSchema).parse(dataOf(await listVariants({ page: { size: 100 } }), 'listing variants (GET /v1/variants)'));
  const plans: LemonSqueezyPlan[] = [];
  for (const product of products.filter((p) => p.attributes.status === 'published')) {
    const variant = variants
      .filter((v) => String(v.attributes.product_id) === product.id && v.attributes.is_subscription && v.attributes.status === 'published')
      .sort((a, b) => a.attributes.sort - b.attributes.sort)[0];
    if (!variant) continue;
    const a = variant.attributes;
    plans.push({
      id: product.id,
      variantId: variant.id,
      name: product.attributes.name,
      description: plainText(product.attributes.description),
      priceAmount: a.price,
      currency,
      interval: a.interval,
      intervalCount: a.interval_count,
      trialInterval: a.has_free_trial ? a.trial_interval : null,
      trialIntervalCount: a.has_free_trial ? a.trial_interval_count : null,
    });
  }
  return plans.sort((a, b) => a.priceAmount - b.priceAmount || a.name.localeCompare(b.name));
});
