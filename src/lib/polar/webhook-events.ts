// Turns a verified webhook body into the events this app acts on, parsed with the sdk's own
// schemas (camelCase, Dates). Types the app does not act on are recognised but not parsed, so
// a new Polar event type never makes the endpoint fail.
import type { Customer } from '@polar-sh/sdk/models/components/customer.js';
import type { Subscription } from '@polar-sh/sdk/models/components/subscription.js';
import { WebhookCustomerCreatedPayload$inboundSchema } from '@polar-sh/sdk/models/components/webhookcustomercreatedpayload.js';
import { WebhookCustomerUpdatedPayload$inboundSchema } from '@polar-sh/sdk/models/components/webhookcustomerupdatedpayload.js';
import { WebhookSubscriptionActivePayload$inboundSchema } from '@polar-sh/sdk/models/components/webhooksubscriptionactivepayload.js';
import { WebhookSubscriptionCanceledPayload$inboundSchema } from '@polar-sh/sdk/models/components/webhooksubscriptioncanceledpayload.js';
import { WebhookSubscriptionCreatedPayload$inboundSchema } from '@polar-sh/sdk/models/components/webhooksubscriptioncreatedpayload.js';
import { WebhookSubscriptionPastDuePayload$inboundSchema } from '@polar-sh/sdk/models/components/webhooksubscriptionpastduepayload.js';
import { WebhookSubscriptionRevokedPayload$inboundSchema } from '@polar-sh/sdk/models/components/webhooksubscriptionrevokedpayload.js';
import { WebhookSubscriptionUncanceledPayload$inboundSchema } from '@polar-sh/sdk/models/components/webhooksubscriptionuncanceledpayload.js';
import { WebhookSubscriptionUpdatedPayload$inboundSchema } from '@polar-sh/sdk/models/components/webhooksubscriptionupdatedpayload.js';

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: { data: T } } | { success: false; error: unknown };
}

const SUBSCRIPTION_EVENTS: Record<string, Schema<Subscription>> = {
  'subscription.created': WebhookSubscriptionCreatedPayload$inboundSchema,
  'subscription.updated': WebhookSubscriptionUpdatedPayload$inboundSchema,
  'subscription.active': WebhookSubscriptionActivePayload$inboundSchema,
  'subscription.canceled': WebhookSubscriptionCanceledPayload$inboundSchema,
  'subscription.uncanceled': WebhookSubscriptionUncanceledPayload$inboundSchema,
  'subscription.revoked': WebhookSubscriptionRevokedPayload$inboundSchema,
  'subscription.past_due': WebhookSubscriptionPastDuePayload$inboundSchema,
};

const CUSTOMER_EVENTS: Record<string, Schema<Customer>> = {
  'customer.created': WebhookCustomerCreatedPayload$inboundSchema,
  'customer.updated': WebhookCustomerUpdatedPayload$inboundSchema,
};

export type PolarEvent =
  | { kind: 'subscription'; type: string; subscription: Subscription }
  | { kind: 'customer'; type: string; customer: Customer }
  /** A type this app does not act on (or a payload its schema rejects): kept, not applied. */
  | { kind: 'other'; type: string; problem?: string };

/** Returns null when the body is not a Polar event envelope at all. */
export function parsePolarEvent(payload: unknown): PolarEvent | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const type = (payload as { type?: unknown }).type;
  if (typeof type !== 'string' || type.length === 0 || type.length > 100) return null;

  const subscriptionSchema = SUBSCRIPTION_EVENTS[type];
  if (subscriptionSchema) {
    const parsed = subscriptionSchema.safeParse(payload);
    return parsed.success
      ? { kind: 'subscription', type, subscription: parsed.data.data }
      : { kind: 'other', type, problem: 'payload does not match the sdk schema' };
  }
  const customerSchema = CUSTOMER_EVENTS[type];
  if (customerSchema) {
    const parsed = customerSchema.safeParse(payload);
    return parsed.success
      ? { kind: 'customer', type, customer: parsed.data.data }
      : { kind: 'other', type, problem: 'payload does not match the sdk schema' };
  }
  return { kind: 'other', type };
}
