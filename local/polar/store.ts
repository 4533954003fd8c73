// The Polar stand-in's state, on the kit's journal store: customers, subscriptions, checkouts,
// portal sessions, orders, and the webhook endpoint with its events and deliveries. The catalog
// (products) is seed data in memory, so renaming a seed product takes effect on restart.
import { createJournalStore, type Collection } from '../kit/store.ts';
import type { DeliveryRecord, EndpointRecord, EventRecord } from '../kit/webhook-delivery.ts';
import { seedProducts } from './seed.ts';
import type { CheckoutRecord, CustomerRecord, GrantRecord, OrderRecord, ProductJson, SessionRecord, SubscriptionRecord } from './types.ts';

export type ProrationBehavior = 'invoice' | 'prorate' | 'next_period';

/** Organization settings the app's behaviour depends on (server/polar/models/organization.py subscription_settings). */
export interface OrganizationSettings {
  id: 'organization';
  /** allow_multiple_subscriptions: Polar's default is false. */
  allow_multiple_subscriptions: boolean;
  /** proration_behavior: what a product change without one does; Polar's default is prorate. */
  proration_behavior: ProrationBehavior;
  /** benefit_revocation_grace_period: days a past-due subscription keeps its benefits; default 0. */
  benefit_revocation_grace_period: number;
}

export interface PolarStore {
  products: Collection<ProductJson>;
  customers: Collection<CustomerRecord>;
  subscriptions: Collection<SubscriptionRecord>;
  checkouts: Collection<CheckoutRecord>;
  sessions: Collection<SessionRecord>;
  orders: Collection<OrderRecord>;
  grants: Collection<GrantRecord>;
  endpoints: Collection<EndpointRecord>;
  events: Collection<EventRecord>;
  deliveries: Collection<DeliveryRecord>;
  settings(): OrganizationSettings;
  updateSettings(change: Partial<Omit<OrganizationSettings, 'id'>>): OrganizationSettings;
  /** A live (not deleted) customer by external id, or by email, case-insensitively. */
  customerByExternalId(externalId: string): CustomerRecord | undefined;
  customerByEmail(email: string): CustomerRecord | undefined;
  subscriptionsOf(customerId: string): SubscriptionRecord[];
}

const DEFAULT_SETTINGS: OrganizationSettings = { id: 'organization', allow_multiple_subscriptions: false, proration_behavior: 'prorate', benefit_revocation_grace_period: 0 };

export function createPolarStore(stateFile?: string): PolarStore {
  const journal = createJournalStore(stateFile);
  const catalog = createJournalStore().collection<ProductJson>('products');
  for (const product of seedProducts()) catalog.put(product);

  const live = (customer: CustomerRecord | undefined) => (customer && !customer.deleted_at ? customer : undefined);
  const customers = journal.collection<CustomerRecord>('customers', {
    external_id: (c) => c.external_id,
    email: (c) => c.email.toLowerCase(),
  });
  const subscriptions = journal.collection<SubscriptionRecord>('subscriptions', { customer_id: (s) => s.customer_id });
  const settings = journal.collection<OrganizationSettings>('settings');

  return {
    products: catalog,
    customers,
    subscriptions,
    checkouts: journal.collection<CheckoutRecord>('checkouts', { client_secret: (c) => c.client_secret }),
    sessions: journal.collection<SessionRecord>('sessions', { token: (s) => s.token }),
    orders: journal.collection<OrderRecord>('orders', { subscription_id: (o) => o.subscription_id }),
    grants: journal.collection<GrantRecord>('benefit_grants', { customer_id: (g) => g.customer_id, subscription_id: (g) => g.subscription_id }),
    endpoints: journal.collection<EndpointRecord>('webhook_endpoints'),
    events: journal.collection<EventRecord>('webhook_events', { endpoint_id: (e) => e.endpoint_id }),
    deliveries: journal.collection<DeliveryRecord>('webhook_deliveries', { event_id: (d) => d.event_id }),
    // Settings journaled before a field existed take its default.
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings.get('organization') }),
    updateSettings(change) {
      return settings.put({ ...DEFAULT_SETTINGS, ...settings.get('organization'), ...change, id: 'organization' });
    },
    customerByExternalId: (externalId) => customers.where('external_id', externalId).map(live).find(Boolean),
    customerByEmail: (email) => customers.where('email', email.toLowerCase()).map(live).find(Boolean),
    subscriptionsOf: (customerId) => subscriptions.where('customer_id', customerId),
  };
}
