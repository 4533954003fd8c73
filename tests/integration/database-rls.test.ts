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
  alice = await createUser(t.sql, 'alice@example.com');
  bob = await createUser(t.sql, 'bob@example.com');
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
    const carol = await createUser(t.sql, 'carol@example.com');
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
    const dave = await createUser(t.sql, 'dave@example.com');
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
    await expect(
      asRole(t.sql, role, role === 'anon' ? null : alice, (tx) => tx`select public.link_polar_customer(p_event_type => 'customer.created', p_payload => '{}', p_customer_id => 'cus_evil', p_user_id => ${alice})`),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('can be executed by the service role', async () => {
    const [row] = await asRole(t.sql, 'service_role', null, (tx) => tx.unsafe(call));
    expect(row?.apply_polar_subscription).toBe('unmatched');
  });

  it('run with a fixed search_path, as security definers must', async () => {
    const rows = await t.sql`
      select proname, prosecdef, proconfig from pg_proc
      where pronamespace = 'public'::regnamespace and prosecdef order by proname`;
    expect(rows.map((r) => r.proname)).toEqual(['apply_polar_subscription', 'link_polar_customer', 'record_polar_webhook_event', 'resolve_polar_user']);
    for (const row of rows) expect(row.proconfig).toContain('search_path=""');
  });
});
