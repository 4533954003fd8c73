// How plans and subscriptions read to a person. Pure functions: the pages only lay them out.
import type { Plan } from '@/lib/polar/plans';
import { LIVE_STATUSES } from './billing-row';
import type { SubscriptionRow } from './subscription';

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

export function formatDate(iso: string | null): string | null {
  return iso ? dateFormat.format(new Date(iso)) : null;
}

/** An amount in the currency's smallest unit (cents): `$29`, `$19.35`. */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
}

export function formatPrice(plan: Pick<Plan, 'priceAmount' | 'currency' | 'interval' | 'intervalCount'>): string {
  const amount = formatMoney(plan.priceAmount, plan.currency);
  if (!plan.interval) return amount;
  const every = plan.intervalCount && plan.intervalCount > 1 ? `${plan.intervalCount} ${plan.interval}s` : plan.interval;
  return `${amount} / ${every}`;
}

export type StatusTone = 'positive' | 'info' | 'warning' | 'neutral';

export interface SubscriptionSummary {
  status: string;
  label: string;
  tone: StatusTone;
  /** "Renews on …", "Cancels on …", "Ended on …" — or null when no date is known. */
  timing: string | null;
  /** Billed now: show Manage billing rather than Subscribe. */
  live: boolean;
}

const LABELS: Record<string, { label: string; tone: StatusTone }> = {
  active: { label: 'Active', tone: 'positive' },
  trialing: { label: 'Trialing', tone: 'info' },
  past_due: { label: 'Past due', tone: 'warning' },
  unpaid: { label: 'Unpaid', tone: 'warning' },
  incomplete: { label: 'Incomplete', tone: 'warning' },
  canceled: { label: 'Canceled', tone: 'neutral' },
  incomplete_expired: { label: 'Expired', tone: 'neutral' },
};

export type SummaryRow = Pick<SubscriptionRow, 'status' | 'cancel_at_period_end' | 'current_period_end' | 'ends_at' | 'ended_at' | 'trial_end' | 'past_due_at'>;

export function summarizeSubscription(row: SummaryRow): SubscriptionSummary | null {
  if (!row.status) return null;
  const { label, tone } = LABELS[row.status] ?? { label: row.status.replaceAll('_', ' '), tone: 'neutral' as const };
  const live = LIVE_STATUSES.has(row.status);

  let timing: string | null = null;
  if (live && row.cancel_at_period_end) {
    const date = formatDate(row.ends_at ?? row.current_period_end);
    timing = date && `Cancels on ${date}`;
  } else if (row.status === 'past_due') {
    const date = formatDate(row.past_due_at);
    timing = date ? `Payment failed on ${date}` : 'Payment failed';
  } else if (row.status === 'trialing') {
    const date = formatDate(row.trial_end ?? row.current_period_end);
    timing = date && `Trial ends on ${date}`;
  } else if (live) {
    const date = formatDate(row.current_period_end);
    timing = date && `Renews on ${date}`;
  } else {
    const date = formatDate(row.ended_at ?? row.ends_at);
    timing = date && `Ended on ${date}`;
  }
  return { status: row.status, label, tone, timing, live };
}
