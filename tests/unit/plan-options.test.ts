import { describe, expect, it } from 'vitest';
import { liveSubscription, planOption, upgradeCharge, type LiveSubscription } from '@/lib/billing/plan-options';
import type { SubscriptionRow } from '@/lib/billing/subscription';
import type { Plan } from '@/lib/polar/plans';

const plan = (id: string, name: string, priceAmount: number, extra: Partial<Plan> = {}): Plan => ({
  id, name, description: null, priceAmount, currency: 'usd', interval: 'month', intervalCount: 1, trialInterval: null, trialIntervalCount: null, ...extra,
});
const starter = plan('starter', 'Starter', 900);
const pro = plan('pro', 'Pro', 2900);
const yearly = plan('yearly', 'Starter yearly', 9000, { interval: 'year' });
const plans = [starter, pro, yearly];

const row: SubscriptionRow = {
  user_id: 'u', provider: 'polar', polar_customer_id: 'c', polar_subscription_id: 's', customer_id: 'c', subscription_id: 's', status: 'active', product_id: 'starter', price_id: null,
  current_period_start: '2026-12-01T00:00:00.000Z', current_period_end: '2027-01-01T00:00:00.000Z', cancel_at_period_end: false, canceled_at: null,
  ends_at: null, ended_at: null, trial_end: null, past_due_at: null, pending_product_id: null, pending_applies_at: null, polar_modified_at: null,
  created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z',
};
const live = (change: Partial<SubscriptionRow> = {}) => liveSubscription({ ...row, ...change }) as LiveSubscription;
const midPeriod = new Date('2026-12-16T12:00:00.000Z');

describe('liveSubscription', () => {
  it.each([['canceled'], ['unpaid'], ['incomplete'], [null]])('is none for status %s', (status) => {
    expect(liveSubscription({ ...row, status })).toBeNull();
  });
  it('is none without a subscription id or product', () => {
    expect(liveSubscription({ ...row, subscription_id: null })).toBeNull();
    expect(liveSubscription({ ...row, product_id: null })).toBeNull();
    expect(liveSubscription(null)).toBeNull();
  });
});

describe('upgradeCharge', () => {
  it("is the new price's share left, less the old one's, as Polar prorates it", () => {
    // Half the 31-day period left: round(2900 / 2) - round(900 / 2).
    expect(upgradeCharge(starter, pro, row.current_period_start, row.current_period_end, midPeriod)).toBe(1000);
    expect(upgradeCharge(starter, pro, row.current_period_start, row.current_period_end, new Date(row.current_period_start!))).toBe(2000);
    expect(upgradeCharge(starter, pro, row.current_period_start, row.current_period_end, new Date('2027-02-01T00:00:00Z'))).toBe(0);
    // A period the app cannot read: the whole difference, never more.
    expect(upgradeCharge(starter, pro, null, null, midPeriod)).toBe(2000);
  });
});

describe('planOption', () => {
  it('marks the current plan, offers a dearer one now and a cheaper one at the renewal', () => {
    expect(planOption(live(), starter, plans, midPeriod)).toEqual({ kind: 'current', plan: starter });
    expect(planOption(live(), pro, plans, midPeriod)).toMatchObject({
      kind: 'upgrade',
      confirm: 'Switch to Pro now. You are charged about $10 today for the rest of this period (until January 1, 2027), then $29 / month.',
    });
    expect(planOption(live({ product_id: 'pro' }), starter, plans, midPeriod)).toMatchObject({
      kind: 'downgrade',
      appliesAt: row.current_period_end,
      confirm: 'Switch to Starter on January 1, 2027. You keep Pro until then; from then on, $9 / month.',
      note: 'Downgrade · from January 1, 2027',
    });
  });

  it('compares plans per month, whatever their interval', () => {
    // $90 a year is $7.40 a month: cheaper than Starter monthly, so a downgrade.
    expect(planOption(live(), yearly, plans, midPeriod).kind).toBe('downgrade');
    expect(planOption(live({ product_id: 'yearly' }), starter, plans, midPeriod).kind).toBe('upgrade');
  });

  it('offers to keep the current plan when a switch is scheduled, and shows the scheduled one', () => {
    const scheduled = live({ product_id: 'pro', pending_product_id: 'starter', pending_applies_at: row.current_period_end });
    expect(planOption(scheduled, pro, plans, midPeriod)).toMatchObject({
      kind: 'keep',
      switchingTo: 'Starter',
      confirm: 'Stay on Pro. The switch to Starter on January 1, 2027 is called off, and Pro renews at $29 / month.',
    });
    expect(planOption(scheduled, starter, plans, midPeriod)).toEqual({ kind: 'scheduled', plan: starter, appliesAt: row.current_period_end });
  });

  it('offers no switch to a subscription set to end, or past due', () => {
    expect(planOption(live({ cancel_at_period_end: true, ends_at: row.current_period_end }), pro, plans, midPeriod)).toEqual({
      kind: 'blocked',
      plan: pro,
      reason: 'Your subscription ends on January 1, 2027. Resume it on your dashboard to change plans.',
    });
    expect(planOption(live({ status: 'past_due' }), pro, plans, midPeriod)).toMatchObject({ kind: 'blocked', reason: 'Your last payment failed. Update your payment method before changing plans.' });
    // A switch scheduled before cancelling is not applied at Polar: cancelling wins.
    expect(planOption(live({ cancel_at_period_end: true, pending_product_id: 'pro', pending_applies_at: row.current_period_end }), starter, plans, midPeriod).kind).toBe('current');
  });

  it('says what an upgrade does to a trial: no proration, the trial ends unless the new plan has one', () => {
    const trialing = live({ status: 'trialing' });
    expect(planOption(trialing, pro, plans, midPeriod)).toMatchObject({ confirm: 'Switch to Pro now. Your trial ends today, and $29 is charged for the first month; then $29 / month.' });
    const proTrial = plan('pro-trial', 'Pro', 2900, { trialInterval: 'day', trialIntervalCount: 14 });
    expect(planOption(trialing, proTrial, [starter, proTrial], midPeriod)).toMatchObject({ confirm: 'Switch to Pro now. Your trial continues; then $29 / month.' });
  });

  it('waits for the renewal when the current plan is no longer on sale', () => {
    expect(planOption(live({ product_id: 'retired' }), pro, plans, midPeriod)).toMatchObject({
      kind: 'downgrade',
      confirm: 'Switch to Pro on January 1, 2027. You keep your current plan until then; from then on, $29 / month.',
    });
  });
});
