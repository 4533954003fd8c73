// Deleting an account ends its paid subscriptions at Polar first; when Polar cannot do that,
// nothing is deleted. And a signed-out user's still-valid token moves no money.
import { createClient } from '@supabase/supabase-js';
import { createServerClient } from '@supabase/ssr';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SEED_PRODUCT_IDS } from '../../../local/polar/index.ts';
import { createCookieJar } from '../../fixtures/supabase-stack.ts';
import { eventually, polarFor, signUpUser, sqlFor, subscribe, type TestUser } from '../../fixtures/app-users.ts';
import { stackControl } from '../../fixtures/stack-control.ts';

const stack = inject('stack');
const control = stackControl(stack.controlUrl);
const sql = sqlFor(stack);
const admin = createClient(stack.supabaseUrl, stack.secretKey, { auth: { persistSession: false } });
afterAll(() => sql.end());

const deleteAccount = (user: TestUser, confirmation: string, headers: Record<string, string> = {}) =>
  fetch(`${stack.appUrl}/api/account/delete`, {
    method: 'POST',
    headers: { cookie: user.cookie, origin: stack.appUrl, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ confirmation }),
  });
const exists = async (user: TestUser) => (await admin.auth.admin.getUserById(user.id)).data.user !== null;

describe('POST /api/account/delete', () => {
  it('ends the paid subscription at Polar, then deletes the user and everything kept about them', async () => {
    const user = await signUpUser(stack, 'leaving');
    await subscribe(stack, user, SEED_PRODUCT_IDS.pro, sql);
    const subscriptionId = (await sql<{ polar_subscription_id: string }[]>`select polar_subscription_id from public.user_subscriptions where user_id = ${user.id}`)[0]!.polar_subscription_id;
    // The plan's benefits are granted by their own webhooks, after the subscription's.
    const grantIds = await eventually(async () => {
      const rows = await sql<{ grant_id: string }[]>`select grant_id from public.user_entitlements where user_id = ${user.id}`;
      return rows.length > 0 && rows.map((row) => row.grant_id);
    });

    const response = await deleteAccount(user, user.email.toUpperCase());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: true, endedSubscriptions: 1 });
    expect((await polarFor(stack).subscriptions.get({ id: subscriptionId })).status).toBe('canceled');
    expect(await exists(user)).toBe(false);
    for (const table of ['user_subscriptions', 'subscriptions', 'user_entitlements', 'billing_customers']) {
      expect(await sql`select 1 from ${sql(`public.${table}`)} where user_id = ${user.id}`, table).toHaveLength(0);
    }
    // The late webhooks of the revocation find no one, and are kept as such.
    await control.polarIdle();
    const kept = await sql`select outcome from public.polar_webhook_events where payload::text like ${`%${subscriptionId}%`} and outcome = 'unmatched'`;
    expect(kept.length).toBeGreaterThan(0);

    // The reconciler meets the ended subscription and the revoked grants of no user: they bill
    // and grant nothing, so they are no failure for an operator to chase.
    const sweep = await fetch(`${stack.appUrl}/api/cron/reconcile?full=1`, { method: 'POST', headers: { authorization: `Bearer ${stack.appEnv.CRON_SECRET}` } });
    expect(sweep.status).toBe(200);
    const run = (await sweep.json()) as { done: boolean; notes: string[] };
    expect(run.done).toBe(true);
    const ours = [subscriptionId, ...grantIds];
    expect(run.notes.filter((note) => ours.some((id) => note.includes(id)))).toEqual([]);
  });

  it('deletes nothing, and says why, when Polar cannot end the subscription', async () => {
    const user = await signUpUser(stack, 'stuck');
    await subscribe(stack, user, SEED_PRODUCT_IDS.starter, sql);
    await control.polarFaults({ status: 500 });
    try {
      const response = await deleteAccount(user, user.email);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ error: 'We could not cancel your subscription, so your account was not deleted. Please try again.' });
    } finally {
      await control.polarFaults({});
    }
    expect(await exists(user)).toBe(true);
    expect((await polarFor(stack).subscriptions.list({ externalCustomerId: user.id, active: true })).result.items).toHaveLength(1);
  });

  it('asks for the email as confirmation (400), authentication first (401), and a same-origin request (403)', async () => {
    const user = await signUpUser(stack, 'careful');
    expect((await deleteAccount(user, 'someone@else.dev')).status).toBe(400);
    expect((await deleteAccount({ ...user, cookie: '' }, user.email)).status).toBe(401);
    expect((await deleteAccount(user, user.email, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await exists(user)).toBe(true);
  });
});

describe('a signed-out session', () => {
  it("cannot start a checkout with its access token, which has not expired yet", async () => {
    const user = await signUpUser(stack, 'signed-out');
    const { methods } = createCookieJar();
    const supabase = createServerClient(stack.supabaseUrl, stack.publishableKey, { cookies: methods });
    await supabase.auth.setSession({ access_token: user.accessToken, refresh_token: user.refreshToken });
    expect((await supabase.auth.signOut({ scope: 'global' })).error).toBeNull();
    // The old cookie still carries a token that verifies: only Auth knows the session is gone.
    const response = await fetch(`${stack.appUrl}/api/checkout?products=${SEED_PRODUCT_IDS.pro}`, { headers: { cookie: user.cookie } });
    expect(response.status).toBe(401);
  });
});
