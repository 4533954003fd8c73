// Row Level Security and grants, checked in SQL exactly as PostgREST runs requests: under the
// role and JWT claims of the caller. (The same rules through supabase-js are in
// supabase-stand-in.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, createUser, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';

let t: TestDatabase;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await startTestDatabase();
  alice = await createUser(t.sql, 'alice@billing-starter.dev');
  bob = await createUser(t.sql, 'bob@billing-starter.dev');
  await t.sql`
    insert into public.user_subscriptions (user_id, polar_customer_id, status)
    values (${alice}, 'cus_alice', 'active'), (${bob}, 'cus_bob', 'canceled')`;
  await t.sql`
    insert into public.polar_webhook_events (webhook_id, type, outcome, payload)
    values ('msg_1', 'subscription.created', 'applied', '{}')`;
});

afterAll(() => t?.stop());

describe('user_subscriptions', () => {
  it('lets a signed-in user read only their own row', async () => {
    const rows = await asRole(t.sql, 'authenticated', alice, (tx) => tx`select user_id, polar_customer_id from public.user_subscriptions`);
    expect(rows).toEqual([{ user_id: alice, polar_customer_id: 'cus_alice' }]);
  });

  it('shows nothing to a signed-in user without a row', async () => {
    const carol = await createUser(t.sql, 'carol@billing-starter.dev');
    const rows = await asRole(t.sql, 'authenticated', carol, (tx) => tx`select * from public.user_subscriptions`);
    expect(rows).toHaveLength(0);
  });

  it('refuses anon outright', async () => {
    await expect(asRole(t.sql, 'anon', null, (tx) => tx`select * from public.user_subscriptions`)).rejects.toMatchObject({ code: '42501' });
  });

  it.each([
    ['insert', (uid: string) => `insert into public.user_subscriptions (user_id, status) values ('${uid}', 'active')`],
    ['update', (uid: string) => `update public.user_subscriptions set status = 'active' where user_id = '${uid}'`],
    ['delete', (uid: string) => `delete from public.user_subscriptions where user_id = '${uid}'`],
  ])('refuses %s by a signed-in user, even on their own row', async (_verb, statement) => {
    await expect(asRole(t.sql, 'authenticated', bob, (tx) => tx.unsafe(statement(bob)))).rejects.toMatchObject({ code: '42501' });
    const [row] = await t.sql`select status from public.user_subscriptions where user_id = ${bob}`;
    expect(row?.status).toBe('canceled');
  });

  it('lets the service role read and write every row', async () => {
    const rows = await asRole(t.sql, 'service_role', null, async (tx) => {
      await tx`update public.user_subscriptions set status = 'past_due' where user_id = ${bob}`;
      return tx`select user_id, status from public.user_subscriptions order by polar_customer_id`;
    });
    expect(rows).toEqual([
      { user_id: alice, status: 'active' },
      { user_id: bob, status: 'past_due' },
    ]);
  });

  it('is removed with its user', async () => {
    const dave = await createUser(t.sql, 'dave@billing-starter.dev');
    await t.sql`insert into public.user_subscriptions (user_id) values (${dave})`;
    await t.sql`delete from auth.users where id = ${dave}`;
    expect(await t.sql`select 1 from public.user_subscriptions where user_id = ${dave}`).toHaveLength(0);
  });
});

describe('polar_webhook_events', () => {
  it.each(['anon', 'authenticated'] as const)('is invisible and unwritable to %s', async (role) => {
    const uid = role === 'authenticated' ? alice : null;
    await expect(asRole(t.sql, role, uid, (tx) => tx`select * from public.polar_webhook_events`)).rejects.toMatchObject({ code: '42501' });
    await expect(
      asRole(t.sql, role, uid, (tx) => tx`insert into public.polar_webhook_events (webhook_id, type, outcome, payload) values ('x', 't', 'applied', '{}')`),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('is readable by the service role', async () => {
    const rows = await asRole(t.sql, 'service_role', null, (tx) => tx`select webhook_id from public.polar_webhook_events`);
    expect(rows).toEqual([{ webhook_id: 'msg_1' }]);
  });
});

describe('the write functions', () => {
  const call = `select public.apply_polar_subscription(p_event_type => 'subscription.active', p_payload => '{}', p_customer_id => 'cus_x', p_subscription_id => 'sub_x', p_status => 'active', p_modified_at => now(), p_cancel_at_period_end => false)`;

  it.each(['anon', 'authenticated'] as const)('cannot be executed by %s', async (role) => {
    await expect(asRole(t.sql, role, role === 'anon' ? null : alice, (tx) => tx.unsafe(call))).rejects.toMatchObject({ code: '42501' });
    const uid = role === 'anon' ? null : alice;
    for (const statement of [
      `select public.link_polar_customer(p_event_type => 'customer.created', p_payload => '{}', p_customer_id => 'cus_evil', p_external_user_id => '${alice}')`,
      `select public.apply_polar_benefit_grant(p_event_type => 'benefit_grant.created', p_payload => '{}', p_grant_id => 'g', p_customer_id => 'cus_evil', p_benefit_id => 'b', p_modified_at => now(), p_external_user_id => '${alice}', p_key => 'pro', p_granted_at => now())`,
      `select public.apply_polar_customer_state(p_event_type => 'customer.state_changed', p_payload => '{}', p_customer_id => 'cus_evil', p_as_of => now(), p_grants => '[]', p_external_user_id => '${alice}')`,
      `select public.keep_polar_webhook_event('w', 't', '{}', 'ignored')`,
      `select public.refresh_user_subscription('${alice}')`,
      `select * from public.resolve_billing_user('polar', 'cus_evil', '${alice}', null)`,
    ]) {
      await expect(asRole(t.sql, role, uid, (tx) => tx.unsafe(statement)), statement).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('can be executed by the service role', async () => {
    const [row] = await asRole(t.sql, 'service_role', null, (tx) => tx.unsafe(call));
    expect(row?.apply_polar_subscription).toBe('unmatched');
  });

  it('run with a fixed search_path, as security definers must', async () => {
    const rows = await t.sql`
      select proname, prosecdef, proconfig from pg_proc
      where pronamespace = 'public'::regnamespace and prosecdef order by proname`;
    expect(rows.map((r) => r.proname)).toEqual([
      'apply_polar_benefit_grant',
      'apply_polar_customer_state',
      'apply_polar_subscription',
      'apply_subscription',
      'begin_reconcile_run',
      'consume_rate_limit',
      'finish_polar_webhook_event',
      'finish_reconcile_run',
      'finish_webhook_event',
      'forget_polar_grant_version',
      'forget_polar_subscription_version',
      'has_entitlement',
      'keep_polar_webhook_event',
      'keep_webhook_event',
      'link_billing_customer',
      'link_polar_customer',
      'lock_billing_user',
      'mark_polar_checkouts_checked',
      'mark_polar_events_reconciled',
      'mark_polar_grants_seen',
      'polar_checkouts_to_check',
      'polar_grants_not_seen',
      'reconcile_user_subscription',
      'record_polar_checkout',
      'record_polar_webhook_event',
      'record_reconcile_change',
      'record_webhook_event',
      'redelivery_outcome',
      'refresh_user_subscription',
      'resolve_billing_user',
      'revoke_unknown_polar_grant',
      'set_polar_webhook_outcome',
      'set_product_entitlements',
      'sync_product_entitlements',
      'webhook_redelivery_outcome',
    ]);
    for (const row of rows) expect(row.proconfig).toContain('search_path=""');
  });

  it('leave only has_entitlement to signed-in users, and nothing to anon', async () => {
    const rows = await t.sql<{ proname: string; anon: boolean; authenticated: boolean }[]>`
      select proname, has_function_privilege('anon', oid, 'execute') as anon, has_function_privilege('authenticated', oid, 'execute') as authenticated
      from pg_proc where pronamespace = 'public'::regnamespace order by proname`;
    for (const row of rows) {
      expect(row.anon, row.proname).toBe(false);
      expect(row.authenticated, row.proname).toBe(row.proname === 'has_entitlement');
    }
  });
});
