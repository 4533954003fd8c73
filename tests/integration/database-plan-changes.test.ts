// What the write path keeps of plan changes, trials and failed payments, and how it orders the
// states Polar changes without touching modified_at: a plan change scheduled, then cleared
// (subscription/service.py update_product next_period, clear_pending_update).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startTestDatabase, type TestDatabase } from '../fixtures/database.ts';
import { applyState, type SubscriptionState } from '../fixtures/subscription-states.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t?.stop());

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, seconds));
const PERIOD_END = new Date(Date.UTC(2026, 11, 1, 12));

async function rowOf(userId: string) {
  const [row] = await t.sql`select * from public.user_subscriptions where user_id = ${userId}`;
  return row;
}

/** One Pro subscription at one instant; `scheduled` adds the downgrade to Starter Polar keeps for the period end. */
function state(user: string, sub: string, extra: Partial<SubscriptionState> & { scheduled?: boolean } = {}): SubscriptionState {
  const { scheduled, ...rest } = extra;
  return {
    userId: user,
    customerId: `cus_${sub}`,
    subscriptionId: sub,
    status: 'active',
    productId: 'pro',
    modifiedAt: at(10),
    currentPeriodEnd: PERIOD_END,
    ...(scheduled ? { pendingProductId: 'starter', pendingAppliesAt: PERIOD_END } : {}),
    ...rest,
  };
}

describe('what a subscription state carries', () => {
  it('keeps the scheduled change, when a payment failed and when the trial ends, on the user row too', async () => {
    const user = await createUser(t.sql, 'carries@billing-starter.dev');
    const trialEnd = at(50);
    expect(await applyState(t.sql, { ...state(user, 'sub_carries', { scheduled: true }), status: 'past_due', pastDueAt: at(5), trialEnd })).toBe('applied');
    expect(await rowOf(user)).toMatchObject({ status: 'past_due', pending_product_id: 'starter', pending_applies_at: PERIOD_END, past_due_at: at(5), trial_end: trialEnd });
  });
});

describe('states of the same modified_at', () => {
  it.each([
    ['in order', [1, 2]],
    ['the clear first', [2, 1]],
  ])('ends a schedule-then-clear on the clear, whatever arrives first (%s)', async (name, order) => {
    const user = await createUser(t.sql, `clear-${order.join('')}@billing-starter.dev`);
    const sub = `sub_clear_${order.join('')}`;
    await applyState(t.sql, { ...state(user, sub), webhookId: `w-${sub}-0`, eventAt: at(10) });
    const events = {
      1: { ...state(user, sub, { scheduled: true }), webhookId: `w-${sub}-1`, eventAt: at(20) },
      2: { ...state(user, sub), webhookId: `w-${sub}-2`, eventAt: at(30) },
    } as Record<number, SubscriptionState>;
    const outcomes = [];
    for (const i of order) outcomes.push(await applyState(t.sql, events[i]!));
    expect((await rowOf(user))?.pending_product_id, name).toBeNull();
    // The clear, first, is the state already stored; the schedule after it is older.
    expect(outcomes).toEqual(order[0] === 1 ? ['applied', 'applied'] : ['duplicate', 'stale']);
  });

  it("shows Polar's answer to a change at once; events settle it, whatever their order", async () => {
    const user = await createUser(t.sql, 'answer@billing-starter.dev');
    const sub = 'sub_answer';
    await applyState(t.sql, { ...state(user, sub), webhookId: 'w-answer-0', eventAt: at(10) });
    // The route applies Polar's answer to the schedule: no event time, newer than what is stored.
    expect(await applyState(t.sql, state(user, sub, { scheduled: true }))).toBe('applied');
    expect((await rowOf(user))?.pending_product_id).toBe('starter');
    // An event from before it, redelivered late, does not undo it.
    expect(await applyState(t.sql, { ...state(user, sub), webhookId: 'w-answer-0-retry', eventAt: at(10) })).toBe('stale');
    // "Keep Pro" before the schedule's own event arrived: Polar's answer clears it at once.
    expect(await applyState(t.sql, state(user, sub))).toBe('applied');
    expect((await rowOf(user))?.pending_product_id).toBeNull();
    // Then the schedule's event, late, shows through until the clear's own event settles it.
    expect(await applyState(t.sql, { ...state(user, sub, { scheduled: true }), webhookId: 'w-answer-1', eventAt: at(20) })).toBe('applied');
    expect(await applyState(t.sql, { ...state(user, sub), webhookId: 'w-answer-2', eventAt: at(30) })).toBe('applied');
    expect((await rowOf(user))?.pending_product_id).toBeNull();
    // In the other order, the schedule's event is the answer already shown, and the clear's wins.
    const other = 'sub_answer_in_order';
    const second = await createUser(t.sql, 'answer-in-order@billing-starter.dev');
    await applyState(t.sql, { ...state(second, other), webhookId: 'w-order-0', eventAt: at(10) });
    expect(await applyState(t.sql, state(second, other, { scheduled: true }))).toBe('applied');
    expect(await applyState(t.sql, { ...state(second, other, { scheduled: true }), webhookId: 'w-order-1', eventAt: at(20) })).toBe('duplicate');
    expect(await applyState(t.sql, state(second, other))).toBe('applied');
    expect(await applyState(t.sql, { ...state(second, other), webhookId: 'w-order-2', eventAt: at(30) })).toBe('duplicate');
    expect(await applyState(t.sql, { ...state(second, other, { scheduled: true }), webhookId: 'w-order-1-late', eventAt: at(20) })).toBe('stale');
    expect((await rowOf(second))?.pending_product_id).toBeNull();
  });

  it("orders a state read from Polar's API by the time of the read: a later webhook that landed first stands, an earlier one landing late does not undo it", async () => {
    const user = await createUser(t.sql, 'read-time@billing-starter.dev');
    const sub = 'sub_read_time';
    await applyState(t.sql, { ...state(user, sub), webhookId: 'w-read-0', eventAt: at(10) });
    // The app asked at 20 s to keep Pro; before its answer was stored, the user scheduled the
    // downgrade again in the portal (30 s), and that event landed first. The answer is older.
    expect(await applyState(t.sql, { ...state(user, sub, { scheduled: true }), webhookId: 'w-read-1', eventAt: at(30) })).toBe('applied');
    expect(await applyState(t.sql, { ...state(user, sub), eventType: 'app.change_plan', eventAt: at(20) })).toBe('stale');
    expect((await rowOf(user))?.pending_product_id).toBe('starter');
    // The other way round: the answer (read at 40 s) is stored, then an event from 35 s arrives.
    expect(await applyState(t.sql, { ...state(user, sub), eventType: 'app.change_plan', eventAt: at(40) })).toBe('applied');
    expect(await applyState(t.sql, { ...state(user, sub, { scheduled: true }), webhookId: 'w-read-2', eventAt: at(35) })).toBe('stale');
    expect((await rowOf(user))?.pending_product_id).toBeNull();
    // Two answers within one second carry one Date: the one stored last is the newer, whatever
    // their content (a schedule, then "keep", answered back to back, and back again).
    for (const scheduled of [true, false, true, false]) {
      expect(await applyState(t.sql, { ...state(user, sub, { scheduled }), eventType: 'app.change_plan', eventAt: at(50) })).toBe('applied');
      expect((await rowOf(user))?.pending_product_id).toBe(scheduled ? 'starter' : null);
    }
  });

  it('still lets the later lifecycle step win a tie, and a newer modified_at win over any event time', async () => {
    const user = await createUser(t.sql, 'step@billing-starter.dev');
    const sub = 'sub_step';
    await applyState(t.sql, { ...state(user, sub), status: 'canceled', webhookId: 'w-step-1', eventAt: at(10) });
    expect(await applyState(t.sql, { ...state(user, sub, { scheduled: true }), webhookId: 'w-step-2', eventAt: at(40) })).toBe('stale');
    expect(await applyState(t.sql, { ...state(user, sub), modifiedAt: at(11), webhookId: 'w-step-3', eventAt: at(5) })).toBe('applied');
    expect((await rowOf(user))?.status).toBe('active');
  });
});
