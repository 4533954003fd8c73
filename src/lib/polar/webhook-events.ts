// Turns a verified webhook body into the events this app acts on. Subscription and customer
// payloads are read with the app's own schemas of the fields it stores (./objects), so what
// else a payload carries — price and benefit types newer than any sdk, a null avatar — never
// stops an event from being applied. A payload of an acted-on type that still cannot be read
// is `unreadable`: kept, logged, and left for the reconciler; types the app does not act on
// are recognised and kept without parsing.
import { z } from 'zod';
import {
  benefitGrantSchema,
  customerSchema,
  customerStateSchema,
  parseProblem,
  subscriptionSchema,
  type PolarBenefitGrant,
  type PolarCustomer,
  type PolarCustomerState,
  type PolarSubscription,
} from './objects';

/** Every subscription.* event carries the whole subscription (subscription/service.py _send_webhook). */
const SUBSCRIPTION_EVENTS = new Set([
  'subscription.created',
  'subscription.updated',
  'subscription.active',
  'subscription.canceled',
  'subscription.uncanceled',
  'subscription.revoked',
  'subscription.past_due',
  'subscription.cycled',
  'subscription.paused',
  'subscription.resumed',
]);
const CUSTOMER_EVENTS = new Set(['customer.created', 'customer.updated']);
// The envelope's time (webhook/service.py send: when Polar created the event) orders a snapshot
// against the grants it covers, and subscription states of the same modified_at.
const envelopeTime = z.iso.datetime({ offset: true });
const GRANT_EVENTS = new Set(['benefit_grant.created', 'benefit_grant.updated', 'benefit_grant.revoked', 'benefit_grant.cycled']);

export type PolarEvent =
  /** `eventAt`: the envelope's timestamp (when Polar sent it), when it has a readable one. */
  | { kind: 'subscription'; type: string; subscription: PolarSubscription; eventAt?: string }
  | { kind: 'customer'; type: string; customer: PolarCustomer }
  | { kind: 'benefit_grant'; type: string; grant: PolarBenefitGrant }
  /** The customer's whole state as of `asOf` (the envelope's timestamp: when Polar computed it). */
  | { kind: 'customer_state'; type: string; state: PolarCustomerState; asOf: string }
  /** A type this app acts on, whose payload lacks (or mistypes) a field it stores. */
  | { kind: 'unreadable'; type: string; problem: string }
  /** A type this app does not act on: kept, not applied. */
  | { kind: 'other'; type: string };

/** Returns null when the body is not a Polar event envelope at all. */
export function parsePolarEvent(payload: unknown): PolarEvent | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { type, data, timestamp } = payload as { type?: unknown; data?: unknown; timestamp?: unknown };
  if (typeof type !== 'string' || type.length === 0 || type.length > 100) return null;

  if (SUBSCRIPTION_EVENTS.has(type)) {
    const parsed = subscriptionSchema.safeParse(data);
    // Orders states Polar changes without touching modified_at (a plan change scheduled or cleared).
    const eventAt = envelopeTime.safeParse(timestamp);
    return parsed.success
      ? { kind: 'subscription', type, subscription: parsed.data, eventAt: eventAt.success ? eventAt.data : undefined }
      : { kind: 'unreadable', type, problem: parseProblem(parsed.error) };
  }
  if (CUSTOMER_EVENTS.has(type)) {
    const parsed = customerSchema.safeParse(data);
    return parsed.success ? { kind: 'customer', type, customer: parsed.data } : { kind: 'unreadable', type, problem: parseProblem(parsed.error) };
  }
  if (GRANT_EVENTS.has(type)) {
    const parsed = benefitGrantSchema.safeParse(data);
    return parsed.success ? { kind: 'benefit_grant', type, grant: parsed.data } : { kind: 'unreadable', type, problem: parseProblem(parsed.error) };
  }
  if (type === 'customer.state_changed') {
    const parsed = customerStateSchema.safeParse(data);
    const asOf = envelopeTime.safeParse(timestamp);
    if (!asOf.success) return { kind: 'unreadable', type, problem: 'timestamp: missing or not a date with an offset' };
    return parsed.success ? { kind: 'customer_state', type, state: parsed.data, asOf: asOf.data } : { kind: 'unreadable', type, problem: parseProblem(parsed.error) };
  }
  return { kind: 'other', type };
}
