// A subscription's life after checkout, as Polar drives it: renewals and failed renewals when
// the stand-in's clock reaches period end, and a returning customer whose email Polar already
// knows. Through the real app, its webhook endpoint and dashboard.
import { createClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { eventually, polarFor, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { payCheckoutPage } from '../../fixtures/polar-hosted-pages.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const DAY = 24 * 60 * 60 * 1000;
const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
afterAll(() => sql.end());

const rowOf = async (userId: string) => (await sql`select * from public.user_subscriptions where user_id = ${userId}`)[0];
const badgeOf = async (user: TestUser) => (await navigate(`${stack.appUrl}/dashboard`, user.cookie)).body.match(/data-testid="status-badge"[^>]*>([^<]+)</)?.[1];

describe('at period end', () => {
  it('renews: the row moves to the next period and stays active', async () => {
    const user = await signUpUser(stack, 'renewing');
    await subscribe(stack, user, SEED_PRODUCT_IDS.starter, sql);
    const before = await rowOf(user.id);
    await control.advancePolarClock(31 * DAY);
    await control.polarIdle();
    const after = await eventually(async () => {
      const row = await rowOf(user.id);
      return row && row.current_period_end > before!.current_period_end && row;
    });
    expect(after).toMatchObject({ status: 'active', polar_subscription_id: before!.polar_subscription_id });
    expect(after.current_period_start).toEqual(before!.current_period_end);
  });

  it('makes a failed renewal past due (still access), and shows it on the dashboard', async () => {
    const user = await signUpUser(stack, 'declined');
    await subscribe(stack, user, SEED_PRODUCT_IDS.starter, sql);
    await control.setPaymentFailing({ externalId: user.id }, true);
    await control.advancePolarClock(31 * DAY);
    await control.polarIdle();
    await eventually(async () => (await rowOf(user.id))?.status === 'past_due');
    expect(await badgeOf(user)).toBe('Past due');
  });
});

describe('a returning customer Polar already knows by email', () => {
  it('is billed as the new account, which sees the subscription (sync and webhooks)', async () => {
    // An account that subscribed once, cancelled, then was deleted: its Polar customer keeps
    // that account's id as external id, and Polar reuses the customer for the same email.
    const first = await signUpUser(stack, 'returning');
    await subscribe(stack, first, SEED_PRODUCT_IDS.starter, sql);
    const { polar_customer_id: polarCustomerId, polar_subscription_id: firstSubscription } = (await rowOf(first.id))!;
    await polarFor(stack).subscriptions.revoke({ id: firstSubscription! });
    await eventually(async () => (await rowOf(first.id))?.status === 'canceled');
    const admin = createClient(stack.supabaseUrl, stack.secretKey, { auth: { persistSession: false } });
    expect((await admin.auth.admin.deleteUser(first.id)).error).toBeNull();

    // The same person signs up again with the same email and subscribes through the app.
    const second = await signUpUser(stack, 'returning', first.email);
    const start = await fetch(`${stack.appUrl}/api/checkout?products=${SEED_PRODUCT_IDS.pro}`, { headers: { cookie: second.cookie } });
    expect(start.status).toBe(200);
    const { pay } = await payCheckoutPage(((await start.json()) as { url: string }).url, second.email, SEED_PRODUCT_IDS.pro);
    expect(pay.status).toBe(303);
    const dashboard = await navigate(pay.location!.replace(/^https?:\/\/[^/]+/, stack.appUrl), second.cookie);
    expect(dashboard.body).toMatch(/data-testid="status-badge"[^>]*>Active</);
    await control.polarIdle();
    expect(await rowOf(second.id)).toMatchObject({ status: 'active', product_id: SEED_PRODUCT_IDS.pro, polar_customer_id: polarCustomerId });
  });
});
