// The Lemon Squeezy stand-in's state on the kit's journal store: checkouts, customers, orders,
// subscriptions, and the webhook endpoint with its events and deliveries. The catalog is seed
// data in memory, as the Polar and Stripe stand-ins'.
import { createJournalStore, type Collection } from '../kit/store.ts';
import type { DeliveryRecord, EndpointRecord, EventRecord } from '../kit/webhook-delivery.ts';
import { seedCatalog } from './seed.ts';
import type { CheckoutRecord, CustomerRecord, OrderRecord, ProductRecord, StoreRecord, SubscriptionRecord, VariantRecord } from './types.ts';

export interface LemonSqueezyStore {
  stores: Collection<StoreRecord>;
  products: Collection<ProductRecord>;
  variants: Collection<VariantRecord>;
  checkouts: Collection<CheckoutRecord>;
  customers: Collection<CustomerRecord>;
  orders: Collection<OrderRecord>;
  subscriptions: Collection<SubscriptionRecord>;
  endpoints: Collection<EndpointRecord>;
  events: Collection<EventRecord>;
  deliveries: Collection<DeliveryRecord>;
}

export function createLemonSqueezyStore(stateFile: string | undefined, storeId: string | undefined): LemonSqueezyStore {
  const journal = createJournalStore(stateFile);
  const catalog = createJournalStore();
  const seed = seedCatalog(storeId);
  const stores = catalog.collection<StoreRecord>('stores');
  const products = catalog.collection<ProductRecord>('products');
  const variants = catalog.collection<VariantRecord>('variants');
  stores.put(seed.store);
  for (const product of seed.products) products.put(product);
  for (const variant of seed.variants) variants.put(variant);

  return {
    stores,
    products,
    variants,
    checkouts: journal.collection<CheckoutRecord>('checkouts'),
    customers: journal.collection<CustomerRecord>('customers', { email: (c) => `${c.store_id}:${c.email.toLowerCase()}` }),
    orders: journal.collection<OrderRecord>('orders'),
    subscriptions: journal.collection<SubscriptionRecord>('subscriptions', { customer: (s) => s.customer_id }),
    endpoints: journal.collection<EndpointRecord>('webhook_endpoints'),
    events: journal.collection<EventRecord>('webhook_events', { endpoint_id: (e) => e.endpoint_id }),
    deliveries: journal.collection<DeliveryRecord>('webhook_deliveries', { event_id: (d) => d.event_id }),
  };
}

/** The next numeric id of a collection: Lemon Squeezy's ids are auto-increments, each type from its own `start`. */
export function nextId(collection: Collection<{ id: string }>, start: number): string {
  let max = start - 1;
  for (const { id } of collection.values()) max = Math.max(max, Number(id));
  return String(max + 1);
}
