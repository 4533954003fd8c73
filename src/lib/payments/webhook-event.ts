// What a Stripe or Lemon Squeezy webhook asks of the database, once verified and read. (Polar's
// richer events — grants, customer state — are src/lib/polar/webhook-events.ts.)
import type { SubscriptionState } from './types';

export type ProviderEvent =
  /**
   * A subscription's state; `eventAt` is the provider's time of the event. `read`: the state was
   * read from the provider's API on this event's arrival (newer than the event's own object).
   */
  | { kind: 'subscription'; type: string; state: SubscriptionState; eventAt: string; read?: boolean }
  /** A customer to link to the user the event names (claimed by the checkout the app created). */
  | { kind: 'customer'; type: string; customerId: string; claimedUserId?: string }
  /** A type the app acts on, whose object lacks (or mistypes) a field it stores. */
  | { kind: 'unreadable'; type: string; problem: string }
  /** A type the app does not act on: kept, not applied. */
  | { kind: 'other'; type: string };

/** A delivery whose signature does not hold (missing, forged, stale): nothing of it is read. */
export class InvalidProviderWebhookError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
