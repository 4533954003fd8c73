// The seam between the billing domain and a payment provider (PAYMENT_PROVIDER selects one); a
// stored `provider` that is not the active one is refused rather than sent to the wrong API.
export const PAYMENT_PROVIDERS = ['polar', 'stripe', 'lemonsqueezy'] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

export interface PaymentAdapter {
  readonly provider: PaymentProvider;
  /** The provider's name as customers know it ("Lemon Squeezy"). */
  readonly displayName: string;
  /** How many products one checkout may offer (Polar lets the buyer pick; the others sell one). */
  readonly checkoutProductLimit: number;
  /** The plans on sale, as the pricing page and checkout show them (cached by each adapter). */
  listPlans(): Promise<Plan[]>;
  /** A customer-portal session for `customerId` that returns to `returnUrl` (absolute). */
  createPortal(customerId: string, returnUrl: string): Promise<{ url: string }>;
  /** A hosted checkout page for the user; its success URL gets `{CHECKOUT_ID}` filled in. */
  createCheckout(request: CheckoutRequest): Promise<{ url: string; id: string }>;
  /** The customer of a live subscription the provider holds for this user, or null. */
  liveCustomerOf(user: CheckoutRequest['user']): Promise<string | null>;
  /**
   * Ends, now, every live subscription of the user the provider holds (found by the user, plus
   * `knownIds` the app has seen); resolves to how many it ended. For deleting an account.
   */
  endSubscriptionsOf(user: CheckoutRequest['user'], knownIds: string[]): Promise<number>;
  /**
   * Moves the subscription to another plan: `now` charges the prorated difference for the rest
   * of the period at once (refused, and nothing changed, when the payment fails); `next-period`
   * schedules the switch for the next renewal. Resolves to the subscription as the provider
   * says it is afterwards. Refusals are ChangeRefusedError. Absent where the app does not make
   * plan changes itself (Stripe, Lemon Squeezy: subscribers switch in the provider's portal).
   */
  changePlan?(subscriptionId: string, productId: string, timing: PlanChangeTiming): Promise<SubscriptionState>;
  /** Drops a plan change scheduled for the next period. Absent with changePlan. */
  keepCurrentPlan?(subscriptionId: string): Promise<SubscriptionState>;
  /** Ends the subscription when its period ends; access lasts until then. */
  cancelAtPeriodEnd(subscriptionId: string): Promise<SubscriptionState>;
  /** Undoes cancelAtPeriodEnd: the subscription renews again. */
  resume(subscriptionId: string): Promise<SubscriptionState>;
}


/** A subscription plan as the pricing page and checkout need it. */
export interface Plan {
  id: string;
  name: string;
  description: string | null;
  /** In the smallest currency unit (cents). */
  priceAmount: number;
  currency: string;
  interval: string | null;
  intervalCount: number | null;
  /** A free trial new subscribers start with (Polar's trial_interval), or null. */
  trialInterval: string | null;
  trialIntervalCount: number | null;
}

export type PlanChangeTiming = 'now' | 'next-period';

/**
 * A subscription as the provider describes it, in the terms the app stores it
 * (public.subscriptions). Times are ISO 8601 with an offset.
 */
export interface SubscriptionState {
  id: string;
  customerId: string;
  status: string;
  productId: string;
  priceId?: string;
  /** Absent where the provider does not say (Lemon Squeezy tells only when a period ends). */
  currentPeriodStart?: string;
  currentPeriodEnd?: string;
  cancelAtPeriodEnd: boolean;
  canceledAt?: string;
  endsAt?: string;
  endedAt?: string;
  trialStart?: string;
  trialEnd?: string;
  startedAt?: string;
  checkoutId?: string;
  /** When the payment that made it past due failed. */
  pastDueAt?: string;
  /** A plan change the provider will make at the next renewal. */
  pendingChange?: { productId: string; appliesAt: string };
  /** The provider's time of this state: what orders two states of one subscription. */
  modifiedAt: string;
  /**
   * When the state was read from the provider's API, by the provider's clock (absent for a
   * webhook's state, or when the answer did not say): it orders the read against webhooks
   * of the same modifiedAt.
   */
  readAt?: string;
  /** The user the provider's customer names (its external id), and the one the checkout claimed. */
  externalUserId?: string;
  claimedUserId?: string;
}

/** Why a provider refused a change to a subscription, in the app's terms. */
export type ChangeRefusal =
  /** The charge the change needs was declined (or there is no payment method). */
  | 'payment-declined'
  /** The subscription is not in a state that allows it (already ending, nothing to undo). */
  | 'not-changeable'
  /** The provider does not sell that plan (archived, unknown, not a subscription). */
  | 'unavailable-plan'
  /** The provider has no such subscription. */
  | 'not-found';

export class ChangeRefusedError extends Error {
  readonly reason: ChangeRefusal;

  constructor(reason: ChangeRefusal, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChangeRefusedError';
    this.reason = reason;
  }
}

/** The provider could not be reached, failed, or answered something unusable. */
export class ProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

export interface CheckoutRequest {
  productIds: string[];
  /** The signed-in app user: set on the server, never taken from the client. */
  user: { id: string; email: string | undefined };
  /** Absolute; may contain the provider's checkout-id placeholder. */
  successUrl: string;
}
