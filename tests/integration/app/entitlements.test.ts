// Access decided by Polar's benefits, end to end: a real checkout, Polar's grant webhooks
// through the app, then has_entitlement and the gated table as the user through supabase-js,
// and the gated page.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { asUser, entitlementsOf, eventually, polarFor, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';

const stack = inject('stack');
const sql = sqlFor(stack);
let starter: TestUser;
let pro: TestUser;

beforeAll(async () => {
  [starter, pro] = await Promise.all([signUpUser(stack, 'starter'), signUpUser(stack, 'pro')]);
  await Promise.all([subscribe(stack, starter, SEED_PRODUCT_IDS.starter, sql), subscribe(stack, pro, SEED_PRODUCT_IDS.pro, sql)]);
  await eventually(async () => (await entitlementsOf(stack, pro)).length === 2 && (await entitlementsOf(stack, starter)).length === 1);
});
afterAll(() => sql.end());

const hasEntitlement = async (user: TestUser, key: string) => (await asUser(stack, user).rpc('has_entitlement', { p_key: key })).data;

describe("entitlements from Polar's benefit grants", () => {
  it('grants each plan its benefits: Starter core, Pro core and pro', async () => {
    expect(await entitlementsOf(stack, starter)).toEqual(['core']);
    expect(await entitlementsOf(stack, pro)).toEqual(['core', 'pro']);
    expect([await hasEntitlement(starter, 'pro'), await hasEntitlement(starter, 'core')]).toEqual([false, true]);
    expect(await hasEntitlement(pro, 'pro')).toBe(true);
  });

  it('lets the database refuse a Starter user\'s insert into the Pro table, and admit a Pro user\'s', async () => {
    const refused = await asUser(stack, starter).from('pro_notes').insert({ body: 'not on my plan' });
    expect(refused.error).toMatchObject({ code: '42501' });
    expect(refused.status).toBe(403);
    const admitted = await asUser(stack, pro).from('pro_notes').insert({ body: 'a pro note' }).select('body');
    expect(admitted.error).toBeNull();
    expect(admitted.data).toEqual([{ body: 'a pro note' }]);
  });

  it('shows the gated page to Pro, an upgrade prompt to Starter, and sign-in to a visitor', async () => {
    const asPro = await navigate(`${stack.appUrl}/pro`, pro.cookie);
    expect(asPro.status).toBe(200);
    expect(asPro.body).toContain('Add note');
    expect(asPro.body).toContain('a pro note');
    const asStarter = await navigate(`${stack.appUrl}/pro`, starter.cookie);
    expect(asStarter.body).toContain('See the Pro plan');
    expect(asStarter.body).not.toContain('Add note');
    const visitor = await navigate(`${stack.appUrl}/pro`);
    expect(visitor.status).toBe(307);
    expect(visitor.location).toContain('/login?next=%2Fpro');
  });

  it('lists what the plan includes on the dashboard', async () => {
    const dashboard = await navigate(`${stack.appUrl}/dashboard`, pro.cookie);
    expect(dashboard.body).toContain('Your plan includes');
    expect(dashboard.body).toContain('Pro notes, priority support and advanced analytics');
    expect(dashboard.body).toContain('href="/pro"');
  });

  it('takes the benefits away with the subscription', async () => {
    const user = await signUpUser(stack, 'revoked-pro');
    await subscribe(stack, user, SEED_PRODUCT_IDS.pro, sql);
    await eventually(async () => (await entitlementsOf(stack, user)).length === 2);
    const id = (await sql<{ polar_subscription_id: string }[]>`select polar_subscription_id from public.user_subscriptions where user_id = ${user.id}`)[0]!.polar_subscription_id;
    await polarFor(stack).subscriptions.revoke({ id });
    await eventually(async () => (await entitlementsOf(stack, user)).length === 0);
    expect(await hasEntitlement(user, 'pro')).toBe(false);
    expect((await navigate(`${stack.appUrl}/pro`, user.cookie)).body).toContain('See the Pro plan');
  });
});
