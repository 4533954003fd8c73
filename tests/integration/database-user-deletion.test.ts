// Deleting a user (Supabase Auth's admin delete: one DELETE on auth.users, cascading to every
// billing row of theirs) while a webhook of theirs is being applied. The two take the same locks,
// so they must take them in the same order: the user's row first. Otherwise each waits on a row
// the other holds, Postgres aborts one of them as a deadlock, and the account deletion answers
// 500 after its subscription was already ended. Each case stops one transaction at the point
// where the orders differ, by holding a row it needs, then lets it go.
import type { ReservedSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';
import { applyState } from '../fixtures/subscription-states.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t?.stop());

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, seconds));

/** A connection of its own, so that its backend can be watched while it waits. */
async function session(): Promise<{ sql: ReservedSql; pid: number }> {
  const sql = await t.sql.reserve();
  const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  return { sql, pid: row!.pid };
}

/** Resolves once the backend waits on a lock another transaction holds. */
async function blocked(pid: number): Promise<void> {
  for (let tries = 0; tries < 500; tries += 1) {
    const [row] = await t.sql<{ waiting: boolean }[]>`select cardinality(pg_blocking_pids(${pid}::int)) > 0 as waiting`;
    if (row!.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`backend ${pid} never waited on a lock`);
}

/** Why a settled statement failed (a deadlock, say), or 'none'. */
const failure = (settled: PromiseSettledResult<unknown>) => (settled.status === 'rejected' ? String(settled.reason) : 'none');

async function billingRowsOf(userId: string): Promise<number> {
  const [row] = await t.sql<{ n: number }[]>`
    select (select count(*) from public.user_subscriptions where user_id = ${userId})
         + (select count(*) from public.subscriptions where user_id = ${userId})
         + (select count(*) from public.billing_customers where user_id = ${userId})
         + (select count(*) from public.user_entitlements where user_id = ${userId}) as n`;
  return Number(row!.n);
}

const applyStripe = (sql: ReservedSql, eventId: string, subscriptionId: string, customerId: string, status: string, modifiedAt: Date) => sql<{ outcome: string }[]>`
  select public.apply_subscription(
    p_provider => 'stripe', p_event_id => ${eventId}, p_event_type => 'customer.subscription.updated',
    p_payload => ${sql.json({ id: subscriptionId })}, p_customer_id => ${customerId}, p_subscription_id => ${subscriptionId},
    p_status => ${status}, p_modified_at => ${modifiedAt}, p_cancel_at_period_end => false, p_product_id => 'prod_Deleting', p_event_at => ${modifiedAt}
  ) as outcome`.execute();

describe('a user deleted while a webhook of theirs is applied', () => {
  it('waits for a webhook that got to the user first, then deletes everything it wrote', async () => {
    await t.sql`select public.set_product_entitlements('stripe', 'prod_Deleting', array['pro'])`;
    const user = await createUser(t.sql, 'deleted-after@billing-starter.dev');
    await t.sql`select public.link_billing_customer('stripe', 'evt_link_after', 'checkout.session.completed', '{}', 'cus_after', null, ${user}::uuid)`;
    const setup = await session();
    await applyStripe(setup.sql, 'evt_active_after', 'sub_after', 'cus_after', 'active', at(1));
    setup.sql.release();

    // Another writer holds the subscription's entitlement rows: the webhook stops there, with
    // the subscription row already locked.
    const other = await session();
    await other.sql`begin`;
    await other.sql`select 1 from public.user_entitlements where subscription_id = 'sub_after' for update`;
    const webhook = await session();
    const applying = applyStripe(webhook.sql, 'evt_canceled_after', 'sub_after', 'cus_after', 'canceled', at(2));
    await blocked(webhook.pid);
    const deletion = await session();
    const deleting = deletion.sql`delete from auth.users where id = ${user}`.execute();
    await blocked(deletion.pid);
    await other.sql`commit`;

    const [applied, deleted] = await Promise.allSettled([applying, deleting]);
    for (const s of [other, webhook, deletion]) s.sql.release();
    expect(applied).toMatchObject({ status: 'fulfilled', value: [{ outcome: 'applied' }] });
    expect(failure(deleted)).toBe('none');
    expect(await billingRowsOf(user)).toBe(0);
  });

  it('keeps a webhook that came after the deletion took the user as unmatched, writing nothing', async () => {
    const user = await createUser(t.sql, 'deleted-before@billing-starter.dev');
    await applyState(t.sql, { userId: user, customerId: 'cus_before', subscriptionId: 'sub_before', status: 'active', modifiedAt: at(1) });

    // Another writer holds the user's summary row: the deletion stops there, the user's row
    // already locked.
    const other = await session();
    await other.sql`begin`;
    await other.sql`select 1 from public.user_subscriptions where user_id = ${user} for update`;
    const deletion = await session();
    const deleting = deletion.sql`delete from auth.users where id = ${user}`.execute();
    await blocked(deletion.pid);
    const webhook = await session();
    const applying = applyState(webhook.sql, { webhookId: 'w-before', customerId: 'cus_before', subscriptionId: 'sub_before', status: 'canceled', modifiedAt: at(2) });
    await blocked(webhook.pid);
    await other.sql`commit`;

    const [applied, deleted] = await Promise.allSettled([applying, deleting]);
    for (const s of [other, webhook, deletion]) s.sql.release();
    expect(failure(deleted)).toBe('none');
    expect(applied).toMatchObject({ status: 'fulfilled', value: 'unmatched' });
    expect(await billingRowsOf(user)).toBe(0);
    const [kept] = await t.sql`select outcome, user_id from public.polar_webhook_events where webhook_id = 'w-before'`;
    expect(kept).toMatchObject({ outcome: 'unmatched', user_id: null });
  });

  it('has the reconciler find nothing to refresh for a user deleted before it got to them', async () => {
    const user = await createUser(t.sql, 'deleted-reconciled@billing-starter.dev');
    await t.sql`delete from auth.users where id = ${user}`;
    const [row] = await t.sql<{ drifted: boolean }[]>`select public.reconcile_user_subscription(${user}) as drifted`;
    expect(row!.drifted).toBe(false);
    expect(await billingRowsOf(user)).toBe(0);
  });
});
