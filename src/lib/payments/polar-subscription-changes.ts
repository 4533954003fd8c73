import 'server-only';
// Plan changes, cancelling and resuming, through Polar's PATCH /v1/subscriptions/{id}
// (subscription/service.py update). What the app asks of Polar for each:
//  - an upgrade (`now`): proration_behavior `invoice` — the product changes at once and the
//    prorated difference is charged at once; a declined card is Polar's 402 and nothing changes;
//  - a downgrade (`next-period`): `next_period` — Polar keeps the product and fills
//    pending_update, applied at the next renewal; `{pending_update: null}` drops it;
//  - cancel / resume: `{cancel_at_period_end: true | false}`.
import { PolarClientError } from 'polar-sdk-v1';
import type { models } from 'polar-sdk-v1/2026-10';
import { withPolarReadTime } from '@/lib/polar/answer-log';
import { polarClient } from '@/lib/polar/client';
import { polarFailure } from '@/lib/polar/failure';
import { parseProblem, subscriptionSchema } from '@/lib/polar/objects';
import { subscriptionState } from '@/lib/polar/subscription-state';
import { ChangeRefusedError, ProviderError, type ChangeRefusal, type PlanChangeTiming, type SubscriptionState } from './types';

const UPDATE_CALL = { what: 'updating a subscription (PATCH /v1/subscriptions/{id})', scope: 'subscriptions:write' };

/** Polar's refusal of an update, in the app's terms; null for a failure that is no refusal (limits, scopes, outages). */
function refusal(error: unknown): ChangeRefusal | null {
  if (!(error instanceof PolarClientError)) return null;
  const body = JSON.stringify(error.error ?? '');
  switch (error.statusCode) {
    case 402:
      return 'payment-declined'; // PaymentFailed: card_error or missing_payment_method
    case 403:
      return body.includes('insufficient_scope') ? null : 'not-changeable'; // AlreadyCanceledSubscription
    case 400:
    case 410:
      return 'not-changeable'; // uncancel: not cancelling (400), or already ended (410)
    case 404:
      return 'not-found';
    case 422:
      // The product was refused (archived, unknown, not recurring…), or there was nothing to clear.
      return body.includes('"product_id"') ? 'unavailable-plan' : body.includes('"pending_update"') ? 'not-changeable' : null;
    default:
      return null;
  }
}

async function update(subscriptionId: string, body: models.SubscriptionUpdate): Promise<SubscriptionState> {
  let answer: unknown;
  let readAt: string | undefined;
  try {
    ({ result: answer, readAt } = await withPolarReadTime(() => polarClient().subscriptions.update(subscriptionId, body)));
  } catch (error) {
    const reason = refusal(error);
    if (reason) throw new ChangeRefusedError(reason, `Polar refused ${JSON.stringify(body)} on subscription ${subscriptionId}`, { cause: error });
    throw polarFailure(error, UPDATE_CALL);
  }
  const subscription = subscriptionSchema.safeParse(answer);
  if (!subscription.success) throw new ProviderError(`Polar's updated subscription ${subscriptionId} is unreadable: ${parseProblem(subscription.error)}`);
  return { ...subscriptionState(subscription.data), readAt };
}

export const polarSubscriptionChanges = {
  changePlan: (subscriptionId: string, productId: string, timing: PlanChangeTiming) =>
    update(subscriptionId, { product_id: productId, proration_behavior: timing === 'now' ? 'invoice' : 'next_period' }),
  keepCurrentPlan: (subscriptionId: string) => update(subscriptionId, { pending_update: null }),
  cancelAtPeriodEnd: (subscriptionId: string) => update(subscriptionId, { cancel_at_period_end: true }),
  resume: (subscriptionId: string) => update(subscriptionId, { cancel_at_period_end: false }),
};
