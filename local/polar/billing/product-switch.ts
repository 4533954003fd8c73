// What moving a subscription onto another product changes (models/subscription_update.py
// apply_update): the product, its prices in the subscription's currency, their amount, and the
// billing interval.
import type { ProductJson, SubscriptionRecord } from '../types.ts';

/** The product's fixed prices in `currency` (product/price_set.py PriceSet.from_product), or null when it has none. */
export function pricesIn(product: ProductJson, currency: string) {
  const prices = product.prices.filter((price) => !price.is_archived && price.price_currency === currency);
  return prices.length > 0 ? prices : null;
}

export function productFields(product: ProductJson, currency: string): Partial<SubscriptionRecord> {
  const prices = pricesIn(product, currency) ?? [];
  return {
    product_id: product.id,
    price_ids: prices.map((price) => price.id),
    amount: prices.reduce((sum, price) => sum + (price.price_amount ?? 0), 0),
    recurring_interval: product.recurring_interval ?? 'month',
    recurring_interval_count: product.recurring_interval_count ?? 1,
  };
}

/** Whether `product` bills on another interval than the subscription (SubscriptionUpdate.is_interval_changed). */
export function intervalChanges(sub: SubscriptionRecord, product: ProductJson): boolean {
  return product.recurring_interval !== sub.recurring_interval || (product.recurring_interval_count ?? 1) !== sub.recurring_interval_count;
}
