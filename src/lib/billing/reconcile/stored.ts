// What the database holds, as the reconciler compares it (service role: every user's rows).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/supabase/database.types';
import type { StoredGrant, StoredSubscription } from './compare';

type Admin = SupabaseClient<Database>;

const CHUNK = 100;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function rows<T>(query: PromiseLike<{ data: T[] | null; error: { message: string } | null }>, what: string): Promise<T[]> {
  const { data, error } = await query;
  if (error) throw new Error(`${what} failed: ${error.message}`, { cause: error });
  return data ?? [];
}

async function write(call: PromiseLike<{ error: { message: string } | null }>, what: string): Promise<void> {
  const { error } = await call;
  if (error) throw new Error(`${what} failed: ${error.message}`, { cause: error });
}

export function storedState(admin: Admin) {
  return {
    async subscriptions(ids: string[]): Promise<Map<string, StoredSubscription>> {
      const found = new Map<string, StoredSubscription>();
      for (const part of chunks([...new Set(ids)])) {
        for (const row of await rows(admin.from('subscriptions').select('*').eq('provider', 'polar').in('subscription_id', part), 'Reading subscriptions')) found.set(row.subscription_id, row);
      }
      return found;
    },

    async grants(ids: string[]): Promise<Map<string, StoredGrant>> {
      const found = new Map<string, StoredGrant>();
      for (const part of chunks([...new Set(ids)])) {
        for (const row of await rows(admin.from('user_entitlements').select('*').eq('provider', 'polar').in('grant_id', part), 'Reading grants')) found.set(row.grant_id, row);
      }
      return found;
    },

    async grantsOfCustomer(customerId: string): Promise<StoredGrant[]> {
      return rows(admin.from('user_entitlements').select('*').eq('provider', 'polar').eq('customer_id', customerId), 'Reading grants');
    },

    /** The webhook ids among `ids` the app has recorded (it got them, whatever Polar's view). */
    async recordedEvents(ids: string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (const part of chunks(ids)) {
        for (const row of await rows(admin.from('polar_webhook_events').select('webhook_id').in('webhook_id', part), 'Reading recorded events')) found.add(row.webhook_id);
      }
      return found;
    },

    /**
     * Deliveries kept but not applied (no user yet, unreadable, a conflict) whose customer the
     * reconciler has not read since, oldest first, grouped by the customer they name (if any).
     */
    async openQuestions(limit = 1000): Promise<Array<{ customer: string | null; webhookIds: string[] }>> {
      const kept = await rows(
        admin
          .from('polar_webhook_events')
          .select('webhook_id, type, payload')
          .in('outcome', ['unmatched', 'unreadable', 'conflict'])
          .is('reconciled_at', null)
          .order('received_at')
          .limit(limit),
        'Reading open questions',
      );
      const byCustomer = new Map<string | null, string[]>();
      for (const { webhook_id: webhookId, type, payload } of kept) {
        const data = (payload as { data?: { id?: unknown; customer_id?: unknown } } | null)?.data;
        const id = type.startsWith('customer.') ? data?.id : data?.customer_id;
        const customer = typeof id === 'string' && id ? id : null;
        byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), webhookId]);
      }
      return [...byCustomer].map(([customer, webhookIds]) => ({ customer, webhookIds }));
    },

    /** Those questions are answered: their customers were read from Polar after they arrived. */
    async markReconciled(webhookIds: string[]): Promise<void> {
      for (const part of chunks(webhookIds)) await write(admin.rpc('mark_polar_events_reconciled', { p_webhook_ids: part }), 'Marking deliveries reconciled');
    },

    /** Checkouts that never synced and are due a look (see the migration reconcile_progress). */
    async checkoutsToCheck(graceSeconds: number, ttlSeconds: number): Promise<string[]> {
      const due = await rows(admin.rpc('polar_checkouts_to_check', { p_grace_seconds: graceSeconds, p_ttl_seconds: ttlSeconds }), 'Reading checkouts to check');
      return due.filter((id): id is string => typeof id === 'string');
    },

    async markCheckoutsChecked(checkoutIds: string[]): Promise<void> {
      for (const part of chunks(checkoutIds)) await write(admin.rpc('mark_polar_checkouts_checked', { p_checkout_ids: part }), 'Marking checkouts checked');
    },

    /** Users who own one of these customers. */
    async usersOfCustomers(customerIds: string[]): Promise<string[]> {
      const users = new Set<string>();
      for (const part of chunks([...new Set(customerIds)])) {
        for (const row of await rows(admin.from('billing_customers').select('user_id').eq('provider', 'polar').in('customer_id', part), 'Reading customers')) users.add(row.user_id);
      }
      return [...users];
    },
  };
}

export type StoredState = ReturnType<typeof storedState>;
