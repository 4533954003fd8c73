import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { seedProducts } from './seed.ts';
import type {
  CheckoutRecord,
  CustomerJson,
  PersistedState,
  ProductJson,
  SessionRecord,
  SubscriptionRecord,
} from './types.ts';

export interface Store {
  products: Map<string, ProductJson>;
  customers: Map<string, CustomerJson>;
  subscriptions: Map<string, SubscriptionRecord>;
  checkouts: Map<string, CheckoutRecord>;
  sessions: Map<string, SessionRecord>;
  nextInvoiceNumber(): number;
  customerByExternalId(externalId: string): CustomerJson | undefined;
  checkoutBySecret(secret: string): CheckoutRecord | undefined;
  sessionByToken(token: string): SessionRecord | undefined;
  subscriptionsOf(customerId: string): SubscriptionRecord[];
  /** Writes the state file (when configured); call after every mutation. */
  save(): void;
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function load(file: string | undefined): PersistedState {
  const empty: PersistedState = { customers: [], subscriptions: [], checkouts: [], sessions: [], orderCount: 0 };
  if (!file) return empty;
  try {
    return { ...empty, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<PersistedState>) };
  } catch (error) {
    // A missing file is the normal first start; anything else is a real problem.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty;
    throw error;
  }
}

export function createStore(stateFile?: string): Store {
  const state = load(stateFile);
  let orderCount = state.orderCount;
  const store: Store = {
    // Products are fixed seed data, never persisted, so renaming a seed takes effect on restart.
    products: byId(seedProducts()),
    customers: byId(state.customers),
    subscriptions: byId(state.subscriptions),
    checkouts: byId(state.checkouts),
    sessions: byId(state.sessions),
    nextInvoiceNumber: () => ++orderCount,
    customerByExternalId: (externalId) =>
      [...store.customers.values()].find((c) => c.external_id === externalId),
    checkoutBySecret: (secret) => [...store.checkouts.values()].find((c) => c.client_secret === secret),
    sessionByToken: (token) => [...store.sessions.values()].find((s) => s.token === token),
    subscriptionsOf: (customerId) =>
      [...store.subscriptions.values()].filter((s) => s.customer_id === customerId),
    save() {
      if (!stateFile) return;
      const snapshot: PersistedState = {
        customers: [...store.customers.values()],
        subscriptions: [...store.subscriptions.values()],
        checkouts: [...store.checkouts.values()],
        sessions: [...store.sessions.values()],
        orderCount,
      };
      // Write-then-rename so a crash mid-write never leaves a truncated file behind.
      mkdirSync(dirname(stateFile), { recursive: true });
      const tmp = `${stateFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(snapshot, null, 2));
      renameSync(tmp, stateFile);
    },
  };
  return store;
}
