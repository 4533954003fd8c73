// The Stripe stand-in's state on the kit's journal store: customers, subscriptions, checkout
// and portal sessions, and the webhook endpoint with its events and deliveries. The catalog is
// seed data in memory, as the Polar stand-in's.
import { createJournalStore, type Collection } from '../kit/store.ts';
import type { DeliveryRecord, EndpointRecord, EventRecord } from '../kit/webhook-delivery.ts';
import { seedCatalog } from './seed.ts';
import type { CheckoutSessionRecord, CustomerRecord, PortalSessionRecord, PriceJson, ProductJson, SubscriptionRecord } from './types.ts';

export interface StripeStore {
  products: Collection<ProductJson>;
  prices: Collection<PriceJson>;
  customers: Collection<CustomerRecord>;
  subscriptions: Collection<SubscriptionRecord>;
  checkoutSessions: Collection<CheckoutSessionRecord>;
  portalSessions: Collection<PortalSessionRecord>;
  endpoints: Collection<EndpointRecord>;
  events: Collection<EventRecord>;
  deliveries: Collection<DeliveryRecord>;
}

export function createStripeStore(stateFile?: string): StripeStore {
  const journal = createJournalStore(stateFile);
  const catalog = createJournalStore();
  const products = catalog.collection<ProductJson>('products');
  const prices = catalog.collection<PriceJson>('prices', { product: (p) => p.product });
  const seed = seedCatalog();
  for (const product of seed.products) products.put(product);
  for (const price of seed.prices) prices.put(price);

  return {
    products,
    prices,
    customers: journal.collection<CustomerRecord>('customers', { email: (c) => c.email }),
    subscriptions: journal.collection<SubscriptionRecord>('subscriptions', { customer: (s) => s.customer }),
    checkoutSessions: journal.collection<CheckoutSessionRecord>('checkout_sessions'),
    portalSessions: journal.collection<PortalSessionRecord>('portal_sessions', { token: (s) => s.token }),
    endpoints: journal.collection<EndpointRecord>('webhook_endpoints'),
    events: journal.collection<EventRecord>('webhook_events', { endpoint_id: (e) => e.endpoint_id }),
    deliveries: journal.collection<DeliveryRecord>('webhook_deliveries', { event_id: (d) => d.event_id }),
  };
}
