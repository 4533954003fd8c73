// The operator view and its actions: for users whose app_metadata.role is admin (the seeded
// demo user), a 404 for everyone else; each action a same-origin POST.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { navigate } from '../../fixtures/browser-navigation.ts';
import { DEMO_OPERATOR, signInUser, signUpUser, sqlFor, type TestUser } from '../../fixtures/app-users.ts';
import { subscriptionEventTemplate } from '../../fixtures/event-template.ts';
import { deliver, subscriptionEvent } from '../../fixtures/polar-events.ts';

const stack = inject('stack');
const sql = sqlFor(stack);
let operator: TestUser;
let member: TestUser;

beforeAll(async () => {
  [operator, member] = await Promise.all([signInUser(stack, DEMO_OPERATOR.email, DEMO_OPERATOR.password), signUpUser(stack, 'not-an-operator')]);
});
afterAll(() => sql.end());

const post = (path: string, user: TestUser | null, origin = stack.appUrl) =>
  fetch(`${stack.appUrl}${path}`, { method: 'POST', headers: { origin, ...(user ? { cookie: user.cookie } : {}) } });

describe('/admin/billing', () => {
  it('does not exist for a visitor or a plain user (404)', async () => {
    for (const user of [undefined, member]) {
      const page = await navigate(`${stack.appUrl}/admin/billing`, user?.cookie);
      expect(page.status).toBe(404);
      expect(page.body).not.toContain('Billing operations');
    }
  });

  it('shows an operator the deliveries by outcome, what is open, the runs and the endpoint', async () => {
    const page = await navigate(`${stack.appUrl}/admin/billing`, operator.cookie);
    expect(page.status).toBe(200);
    for (const text of ['Billing operations', 'Deliveries in the last 7 days', 'Kept, not applied', 'Reconcile runs', 'Reconcile now']) expect(page.body).toContain(text);
    const endpointState = /data-testid="endpoint-state"[^>]*>(.*?)<\/p>/s.exec(page.body)?.[1]?.replaceAll('<!-- -->', '');
    expect(endpointState).toBe(`${stack.webhookUrl} — enabled`);
  });
});

describe('the operator actions', () => {
  it('are 404 for anyone but an operator, and refuse another origin (403)', async () => {
    for (const user of [null, member]) expect((await post('/api/admin/reconcile', user)).status).toBe(404);
    expect((await post('/api/admin/reconcile', operator, 'https://evil.example')).status).toBe(403);
  });

  it('"Reconcile now" runs the reconciler and answers its counts', async () => {
    const response = await post('/api/admin/reconcile', operator);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ busy: false, done: true });
    const page = await navigate(`${stack.appUrl}/admin/billing`, operator.cookie);
    expect(page.body).toContain('operator');
  });

  it('"Apply this stored delivery again" applies a delivery kept as unmatched once its user exists', async () => {
    const template = await subscriptionEventTemplate(stack, sql);
    const userId = randomUUID();
    const sent = await deliver(stack.webhookUrl, stack.webhookSecret, subscriptionEvent(template, { subscriptionId: randomUUID(), customerId: randomUUID(), externalId: userId, modifiedAt: new Date(Date.now() + 60_000) }));
    expect(sent.body?.outcome).toBe('unmatched');
    const page = await navigate(`${stack.appUrl}/admin/billing`, operator.cookie);
    expect(page.body).toContain(sent.id);

    // The account appears (in SQL here; an Auth sign-up in life), then the operator applies it.
    await sql`insert into auth.users (id, email, aud, role) values (${userId}, ${`late-${userId.slice(0, 6)}@billing-starter.dev`}, 'authenticated', 'authenticated')`;
    expect((await post(`/api/admin/deliveries/${sent.id}/reapply`, member)).status).toBe(404);
    const applied = await post(`/api/admin/deliveries/${sent.id}/reapply`, operator);
    expect(applied.status).toBe(200);
    expect(await applied.json()).toEqual({ outcome: 'applied' });
    expect((await sql`select status from public.user_subscriptions where user_id = ${userId}`)[0]).toEqual({ status: 'active' });
    expect((await sql`select outcome, detail from public.polar_webhook_events where webhook_id = ${sent.id}`)[0]).toMatchObject({ outcome: 'applied', detail: expect.stringContaining('applied again by demo@billing-starter.dev') });
    expect((await post('/api/admin/deliveries/nope/reapply', operator)).status).toBe(404);
  });
});
