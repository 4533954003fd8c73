// Changing plans, cancelling at period end and resuming, from the app. Each starts from the
// user's current subscription as the database has it (their own row, under RLS), decides what
// makes sense (plan-options.ts), asks the provider, and stores the provider's answer through the
// same SQL write function as the webhooks — so the page shows the change at once, and the events
// that follow are duplicates or newer states. The row never changes from anything else.
import type { SupabaseClient } from '@supabase/supabase-js';
import { badRequest, conflict, notFound, paymentRequired, upstreamFailure } from '@/lib/http/errors';
import { logError } from '@/lib/log';
import { ChangeRefusedError, type PaymentAdapter, type PaymentProvider, type SubscriptionState } from '@/lib/payments/types';
import type { Plan } from '@/lib/payments/types';
import type { Database } from '@/lib/supabase/database.types';
import { queryFailure } from '@/lib/supabase/query-error';
import { withDeadline } from '@/lib/supabase/timeout-fetch';
import type { BillingCaller } from './billing-caller';
import { formatDate } from './display';
import { liveSubscription, planOption, type LiveSubscription } from './plan-options';
import { readSubscription } from './subscription';
import { latestTime, subscriptionStateArgs } from './subscription-state';

export interface SubscriptionChangeInput {
  caller: BillingCaller;
  adapter: PaymentAdapter;
  /** The service-role client the write function needs. */
  admin: SupabaseClient<Database>;
  listPlans: () => Promise<Plan[]>;
  now?: Date;
}

/** The subscription after a change, as the routes answer it. */
export interface SubscriptionView {
  id: string;
  status: string;
  productId: string;
  plan: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
  pendingChange: { productId: string; plan: string | null; appliesAt: string } | null;
}

export interface ChangeResult {
  subscription: SubscriptionView;
  /** What happens when, in a sentence. */
  summary: string;
}

const NO_SUBSCRIPTION = 'No live subscription';

async function currentSubscription({ caller, adapter }: SubscriptionChangeInput): Promise<LiveSubscription> {
  const live = liveSubscription(await readSubscription(caller.supabase, caller.user.id));
  if (!live) throw notFound(NO_SUBSCRIPTION);
  if (live.provider !== adapter.provider) throw badRequest(`Subscription provider (${live.provider}) does not match active provider (${adapter.provider})`);
  return live;
}

async function plansOf(input: SubscriptionChangeInput): Promise<Plan[]> {
  try {
    return await input.listPlans();
  } catch (error) {
    throw upstreamFailure(error);
  }
}

/** The plans, for their names only once a change is made: failing to list them must not fail the answer. */
const namesOf = (input: SubscriptionChangeInput): Promise<Plan[]> =>
  input.listPlans().catch((error: unknown) => {
    logError('subscription change plans', error);
    return [];
  });

/**
 * When the newest event stored for the subscription was made, read before the provider is
 * asked: its answer to the change is newer than that, whatever its own time says (Polar's Date
 * is in whole seconds and trails by up to two, so a change asked just after a webhook landed
 * could otherwise lose to it).
 */
async function storedEventTime(admin: SupabaseClient<Database>, provider: PaymentProvider, subscriptionId: string): Promise<number | undefined> {
  const { data, error } = await withDeadline((signal) =>
    admin.from('subscriptions').select('event_at').eq('provider', provider).eq('subscription_id', subscriptionId).abortSignal(signal).maybeSingle(),
  );
  if (error) throw queryFailure(error, 'Reading the subscription');
  return data?.event_at ? Date.parse(data.event_at) : undefined;
}

/**
 * The provider's answer to `change` on `subscriptionId`, or the route's answer to its refusal.
 * The answer is timed after the read and after every event stored before it was asked.
 */
async function ask(input: SubscriptionChangeInput, subscriptionId: string, change: () => Promise<SubscriptionState>): Promise<SubscriptionState> {
  const storedBefore = await storedEventTime(input.admin, input.adapter.provider, subscriptionId);
  let state: SubscriptionState;
  try {
    state = await change();
  } catch (error) {
    if (!(error instanceof ChangeRefusedError)) throw upstreamFailure(error);
    switch (error.reason) {
      case 'payment-declined':
        throw paymentRequired('Your payment method was declined, so nothing was changed. Update it in billing, then try again.', error);
      case 'not-changeable':
        throw conflict('Your subscription changed in the meantime. Reload the page to see where it stands.', error);
      case 'unavailable-plan':
        throw badRequest('That plan is not available');
      case 'not-found':
        throw notFound(NO_SUBSCRIPTION);
    }
  }
  const readAt = latestTime(state.readAt ? Date.parse(state.readAt) : undefined, storedBefore === undefined ? undefined : storedBefore + 1);
  return { ...state, readAt: readAt === undefined ? undefined : new Date(readAt).toISOString() };
}

/**
 * Stores the provider's answer. The change is made whatever happens here: a failed write is
 * logged, and the webhooks that follow bring the same state in.
 */
async function record({ admin, adapter }: SubscriptionChangeInput, state: SubscriptionState, action: string): Promise<void> {
  try {
    const { data, error } = await withDeadline((signal) =>
      admin
        .rpc('apply_subscription', {
          ...subscriptionStateArgs(state, state.readAt),
          p_provider: adapter.provider,
          p_event_type: `app.${action}`,
          p_payload: { subscription_id: state.id, action },
        })
        .abortSignal(signal),
    );
    if (error) throw error;
    if (data === 'conflict' || data === 'unmatched') logError(`subscription ${action}`, `${data.toUpperCase()}: the answer for subscription ${state.id} was not stored`);
  } catch (error) {
    logError(`subscription ${action}`, new Error(`Storing the answer for subscription ${state.id} failed; the webhooks will bring it`, { cause: error }));
  }
}

function view(state: SubscriptionState, plans: Plan[]): SubscriptionView {
  const nameOf = (id: string) => plans.find((plan) => plan.id === id)?.name ?? null;
  return {
    id: state.id,
    status: state.status,
    productId: state.productId,
    plan: nameOf(state.productId),
    currentPeriodEnd: state.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
    trialEnd: state.trialEnd ?? null,
    pendingChange: state.pendingChange ? { ...state.pendingChange, plan: nameOf(state.pendingChange.productId) } : null,
  };
}

/** Switches to `productId`: an upgrade now, a downgrade at the next renewal, or back to the current plan when a switch is scheduled. */
export async function changePlan(input: SubscriptionChangeInput, productId: string): Promise<ChangeResult> {
  const plans = await plansOf(input);
  const target = plans.find((plan) => plan.id === productId);
  if (!target) throw badRequest('Unknown plan');
  const live = await currentSubscription(input);
  const { adapter } = input;
  const { changePlan: switchPlan, keepCurrentPlan } = adapter;
  if (!switchPlan || !keepCurrentPlan) throw conflict('Plans are changed in the billing portal: open Manage billing on your dashboard.');
  const option = planOption(live, target, plans, input.now ?? new Date());
  let state: SubscriptionState;
  switch (option.kind) {
    case 'current':
      throw conflict(`You are already on ${target.name}.`);
    case 'scheduled':
      throw conflict(`Your switch to ${target.name} on ${formatDate(option.appliesAt)} is already scheduled.`);
    case 'blocked':
      throw conflict(option.reason);
    case 'keep':
      state = await ask(input, live.subscription_id, () => keepCurrentPlan(live.subscription_id));
      break;
    case 'upgrade':
      state = await ask(input, live.subscription_id, () => switchPlan(live.subscription_id, target.id, 'now'));
      break;
    case 'downgrade':
      state = await ask(input, live.subscription_id, () => switchPlan(live.subscription_id, target.id, 'next-period'));
      break;
  }
  await record(input, state, 'change_plan');
  const result = view(state, plans);
  const summary = result.pendingChange
    ? `Switches to ${result.pendingChange.plan ?? 'the new plan'} on ${formatDate(result.pendingChange.appliesAt)}.`
    : `You are on ${result.plan ?? target.name}${option.kind === 'keep' ? ', and staying' : ' now'}.`;
  return { subscription: result, summary };
}

/** Ends the subscription when the period ends; access lasts until then. */
export async function cancelSubscription(input: SubscriptionChangeInput): Promise<ChangeResult> {
  const live = await currentSubscription(input);
  if (live.cancel_at_period_end) throw conflict(`Your subscription already ends on ${formatDate(live.ends_at ?? live.current_period_end)}.`);
  const state = await ask(input, live.subscription_id, () => input.adapter.cancelAtPeriodEnd(live.subscription_id));
  await record(input, state, 'cancel');
  return { subscription: view(state, await namesOf(input)), summary: `Your subscription ends on ${formatDate(state.endsAt ?? state.currentPeriodEnd ?? null)}. You keep access until then.` };
}

/** Undoes a cancellation at period end. */
export async function resumeSubscription(input: SubscriptionChangeInput): Promise<ChangeResult> {
  const live = await currentSubscription(input);
  if (!live.cancel_at_period_end) throw conflict('Your subscription is not set to end: there is nothing to resume.');
  const state = await ask(input, live.subscription_id, () => input.adapter.resume(live.subscription_id));
  await record(input, state, 'resume');
  // Still ending (a date set to end it at the provider, beside the period-end flag): say so.
  const summary = state.cancelAtPeriodEnd
    ? `Your subscription still ends on ${formatDate(state.endsAt ?? state.currentPeriodEnd ?? null)}: change that in billing.`
    : `Your subscription renews on ${formatDate(state.currentPeriodEnd ?? null)} again.`;
  return { subscription: view(state, await namesOf(input)), summary };
}
