// Every change to a subscription goes through here, so the webhooks follow Polar's one rule for
// them (subscription/service.py _after_subscription_updated): `subscription.updated` first,
// then, for what the change did, `active`, `uncanceled`, `past_due`, `canceled`, `revoked`, in
// that order, each carrying the same new state.
import type { StandInContext } from '../context.ts';
import type { SubscriptionRecord, SubscriptionStatus } from '../types.ts';
import { subscriptionJson } from '../wire.ts';
import { sendCustomerState, syncGrants } from './grants.ts';

const ACTIVE: ReadonlySet<SubscriptionStatus> = new Set(['trialing', 'active']);
export const REVOKED: ReadonlySet<SubscriptionStatus> = new Set(['canceled', 'unpaid']);
/** Still billed: the statuses Polar renews, cancels and counts as a live subscription. */
export const BILLABLE: ReadonlySet<SubscriptionStatus> = new Set(['trialing', 'active', 'past_due']);

export function transitionEvents(before: SubscriptionRecord, after: SubscriptionRecord): string[] {
  const events = ['subscription.updated'];
  if (ACTIVE.has(after.status) && !ACTIVE.has(before.status)) events.push('subscription.active');
  if (before.canceled_at && !after.canceled_at) events.push('subscription.uncanceled');
  if (after.status === 'past_due' && before.status !== 'past_due') events.push('subscription.past_due');
  const becameRevoked = REVOKED.has(after.status) && !REVOKED.has(before.status);
  if ((!before.canceled_at && after.canceled_at) || (becameRevoked && before.canceled_at)) events.push('subscription.canceled');
  if (becameRevoked) events.push('subscription.revoked');
  return events;
}

/**
 * Applies `change` to the subscription, stamps modified_at, stores it and sends its webhooks;
 * then its benefit grants follow the new status, and the customer's new state is sent.
 */
export function changeSubscription(ctx: StandInContext, sub: SubscriptionRecord, change: Partial<SubscriptionRecord>): SubscriptionRecord {
  const after = ctx.store.subscriptions.put({ ...sub, ...change, modified_at: ctx.clock.now().toISOString() });
  announce(ctx, sub, after);
  return after;
}

/** The webhooks of a change already stored: the subscription's, its grants', the customer state. */
export function announce(ctx: StandInContext, before: SubscriptionRecord, after: SubscriptionRecord, first: string[] = []): void {
  const body = subscriptionJson(ctx.store, after);
  for (const type of [...first, ...transitionEvents(before, after)]) ctx.webhooks.send(type, body);
  syncGrants(ctx, after);
  sendCustomerState(ctx, after.customer_id);
}

export type CancelError = { status: number; error: string; detail: string };

export const alreadyCanceled: CancelError = { status: 403, error: 'AlreadyCanceledSubscription', detail: 'This subscription is already canceled or will be at the end of the period.' };

/** Cancel at period end (models/subscription.py can_cancel; service.py _perform_cancellation). */
export function cancelAtPeriodEnd(ctx: StandInContext, sub: SubscriptionRecord, reason: Pick<SubscriptionRecord, 'customer_cancellation_reason' | 'customer_cancellation_comment'> = { customer_cancellation_reason: null, customer_cancellation_comment: null }): SubscriptionRecord | CancelError {
  if (!BILLABLE.has(sub.status) || sub.cancel_at_period_end || sub.ends_at || sub.ended_at) return alreadyCanceled;
  return changeSubscription(ctx, sub, { cancel_at_period_end: true, canceled_at: ctx.clock.now().toISOString(), ends_at: sub.current_period_end, ...reason });
}

/** Undo a cancel at period end (service.py uncancel: 410 once ended, 400 when not cancelling). */
export function uncancel(ctx: StandInContext, sub: SubscriptionRecord): SubscriptionRecord | CancelError {
  if (sub.ended_at) return { status: 410, error: 'ResourceUnavailable', detail: 'Unavailable' };
  if (!sub.cancel_at_period_end || !BILLABLE.has(sub.status)) return { status: 400, error: 'BadRequest', detail: 'Bad request' };
  return changeSubscription(ctx, sub, { cancel_at_period_end: false, canceled_at: null, ends_at: null, customer_cancellation_reason: null, customer_cancellation_comment: null });
}

/** Ends it now (DELETE /v1/subscriptions/{id}, the portal's revoke): status canceled. */
export function revokeNow(ctx: StandInContext, sub: SubscriptionRecord): SubscriptionRecord | CancelError {
  if (!BILLABLE.has(sub.status) || sub.ended_at) return alreadyCanceled;
  const at = ctx.clock.now().toISOString();
  return changeSubscription(ctx, sub, { status: 'canceled', canceled_at: at, ends_at: at, ended_at: at, next_payment_attempt_at: null });
}

