import { describe, expect, it } from 'vitest';
import { formatMoney, formatPrice, summarizeSubscription } from '@/lib/billing/display';

const row = { status: 'active', cancel_at_period_end: false, current_period_end: '2026-12-22T10:00:00Z', ends_at: null, ended_at: null, trial_end: null, past_due_at: null };

describe('formatPrice', () => {
  it.each([
    [{ priceAmount: 2900, currency: 'usd', interval: 'month', intervalCount: 1 }, '$29 / month'],
    [{ priceAmount: 1250, currency: 'eur', interval: 'year', intervalCount: 1 }, '€12.50 / year'],
    [{ priceAmount: 900, currency: 'usd', interval: 'month', intervalCount: 3 }, '$9 / 3 months'],
    [{ priceAmount: 0, currency: 'usd', interval: 'month', intervalCount: 1 }, '$0 / month'],
  ])('formats %j as %s', (plan, expected) => {
    expect(formatPrice(plan)).toBe(expected);
  });
});

describe('formatMoney', () => {
  it('shows cents only when there are some', () => {
    expect([formatMoney(1935, 'usd'), formatMoney(2000, 'usd'), formatMoney(-900, 'eur')]).toEqual(['$19.35', '$20', '-€9']);
  });
});

describe('summarizeSubscription', () => {
  it('shows an active subscription with its renewal date', () => {
    expect(summarizeSubscription(row)).toEqual({ status: 'active', label: 'Active', tone: 'positive', timing: 'Renews on December 22, 2026', live: true });
  });

  it('shows a subscription canceled at period end with the day it ends', () => {
    expect(summarizeSubscription({ ...row, cancel_at_period_end: true, ends_at: '2026-12-22T10:00:00Z' })?.timing).toBe('Cancels on December 22, 2026');
  });

  it.each([
    ['trialing', 'Trialing', 'info', true],
    ['past_due', 'Past due', 'warning', true],
    ['canceled', 'Canceled', 'neutral', false],
    ['some_new_status', 'some new status', 'neutral', false],
  ])('labels %s', (status, label, tone, live) => {
    expect(summarizeSubscription({ ...row, status })).toMatchObject({ label, tone, live });
  });

  it('shows when a trial ends, and when a payment failed', () => {
    expect(summarizeSubscription({ ...row, status: 'trialing', trial_end: '2026-12-05T10:00:00Z' })?.timing).toBe('Trial ends on December 5, 2026');
    expect(summarizeSubscription({ ...row, status: 'past_due', past_due_at: '2026-12-22T10:05:00Z' })?.timing).toBe('Payment failed on December 22, 2026');
    // Cancelling wins: the date that matters is the last day.
    expect(summarizeSubscription({ ...row, status: 'trialing', cancel_at_period_end: true, ends_at: '2026-12-05T10:00:00Z' })?.timing).toBe('Cancels on December 5, 2026');
  });

  it('shows when a canceled subscription ended', () => {
    expect(summarizeSubscription({ ...row, status: 'canceled', ended_at: '2026-11-30T00:00:00Z' })?.timing).toBe('Ended on November 30, 2026');
  });

  it('has nothing to say about a row without a subscription', () => {
    expect(summarizeSubscription({ ...row, status: null })).toBeNull();
  });
});
