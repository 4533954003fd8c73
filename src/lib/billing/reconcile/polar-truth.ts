// What the reconciler reads from Polar, each call within the run's budget, each object checked
// with the app's own schemas: the webhook endpoint, the deliveries that failed, and the
// subscriptions and benefit grants of a customer (or of the whole organization, page by page).
import { PolarClientError } from 'polar-sdk-v1';
import type { Polar } from 'polar-sdk-v1/2026-10';
import { withPolarReadTime } from '@/lib/polar/answer-log';
import { polarFailure } from '@/lib/polar/failure';
import { benefitGrantSchema, parseProblem, subscriptionSchema, type PolarBenefitGrant, type PolarSubscription } from '@/lib/polar/objects';
import type { CallBudget } from './call-budget';

export interface EndpointState {
  id: string;
  url: string;
  enabled: boolean;
}

/** An event Polar gave up on (or skipped while the endpoint was off), with what it was about. */
export interface FailedEvent {
  id: string;
  type: string;
  createdAt: string;
  customerId: string | null;
}

/** A list read in full, plus the items it could not read (they are reported, never guessed at). */
export interface Read<T> {
  items: T[];
  unreadable: Array<{ id: string; problem: string }>;
  /** When Polar answered the read, by its clock (its Date header), when it said. */
  readAt?: string;
}

/** The event types the app acts on, and where each payload names its customer. */
function customerOf(type: string, data: Record<string, unknown>): string | null {
  const id = (value: unknown) => (typeof value === 'string' && value ? value : null);
  if (type.startsWith('subscription.') || type.startsWith('benefit_grant.')) return id(data.customer_id);
  if (type === 'customer.created' || type === 'customer.updated' || type === 'customer.state_changed') return id(data.id);
  return null;
}

function readAll<T>(raw: unknown[], schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }): Read<T> {
  const items: T[] = [];
  const unreadable: Read<T>['unreadable'] = [];
  for (const item of raw) {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else unreadable.push({ id: String((item as { id?: unknown } | null)?.id), problem: parseProblem(parsed.error) });
  }
  return { items, unreadable };
}

export interface PolarTruth {
  endpoint(url: string): Promise<EndpointState | null>;
  /**
   * One page of the endpoint's failed deliveries (attempts) made after `since`, newest first,
   * and the newest attempt's time on it by Polar's clock. Attempts made meanwhile push older ones
   * to later pages: reading on repeats some, never skips one.
   */
  failedEventsPage(endpointId: string, since: string, page: number): Promise<{ events: FailedEvent[]; maxPage: number; newest: string | null }>;
  customer(customerId: string): Promise<{ subscriptions: Read<PolarSubscription>; grants: Read<PolarBenefitGrant> }>;
  subscriptionsPage(page: number): Promise<Read<PolarSubscription> & { maxPage: number }>;
  grantsPage(page: number): Promise<Read<PolarBenefitGrant> & { maxPage: number }>;
  checkoutCustomer(checkoutId: string): Promise<string | null>;
  redeliver(eventId: string): Promise<void>;
}

/** Items per page of Polar's list endpoints: its largest page. */
export const POLAR_PAGE_SIZE = 100;

export function polarTruth(polar: Polar, budget: CallBudget): PolarTruth {
  const call = <T>(what: string, scope: string, work: () => Promise<T>) =>
    budget.call(work).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'OutOfTime') throw error;
      throw polarFailure(error, { what, scope });
    });

  async function pages(what: string, scope: string, fetchPage: (page: number) => Promise<{ items: unknown[]; pagination: { max_page: number } }>): Promise<unknown[]> {
    const all: unknown[] = [];
    for (let page = 1; ; page++) {
      const result = await call(what, scope, () => fetchPage(page));
      all.push(...result.items);
      if (page >= result.pagination.max_page) return all;
    }
  }

  return {
    async endpoint(url) {
      const endpoints = await pages('listing webhook endpoints (GET /v1/webhooks/endpoints)', 'webhooks:read', (page) => polar.webhooks.listWebhookEndpoints({ page, limit: POLAR_PAGE_SIZE }));
      const found = (endpoints as Array<{ id: string; url: string; enabled: boolean }>).find((endpoint) => endpoint.url === url);
      return found ? { id: found.id, url: found.url, enabled: found.enabled } : null;
    },

    async failedEventsPage(endpointId, since, page) {
      const result = await call('listing failed webhook deliveries (GET /v1/webhooks/deliveries)', 'webhooks:read', () =>
        polar.webhooks.listWebhookDeliveries({ endpoint_id: endpointId, succeeded: false, start_timestamp: since, page, limit: POLAR_PAGE_SIZE }),
      );
      const events = new Map<string, FailedEvent>();
      let newest: string | null = null;
      for (const delivery of result.items as Array<{ created_at: string; webhook_event: { id: string; type: string; created_at: string; succeeded?: boolean | null; skipped: boolean; payload: string | null } }>) {
        if (!newest || Date.parse(delivery.created_at) > Date.parse(newest)) newest = delivery.created_at;
        const event = delivery.webhook_event;
        // Still being retried: Polar may yet deliver it; its last failed attempt, if it comes to
        // that, is a delivery of its own that a later run reads.
        if (event.succeeded !== false && !event.skipped) continue;
        let data: Record<string, unknown> = {};
        try {
          data = (JSON.parse(event.payload ?? '{}') as { data?: Record<string, unknown> }).data ?? {};
        } catch {
          // An archived or unreadable payload names no customer; it is still redelivered.
        }
        events.set(event.id, { id: event.id, type: event.type, createdAt: event.created_at, customerId: customerOf(event.type, data) });
      }
      return { events: [...events.values()], maxPage: result.pagination.max_page, newest };
    },

    async customer(customerId) {
      const subscriptions = await withPolarReadTime(() =>
        pages("listing a customer's subscriptions (GET /v1/subscriptions/)", 'subscriptions:read', (page) => polar.subscriptions.list({ customer_id: customerId, page, limit: POLAR_PAGE_SIZE })),
      );
      const grants = await pages("listing a customer's benefit grants (GET /v1/benefit-grants/)", 'benefits:read', (page) => polar.benefitGrants.list({ customer_id: customerId, page, limit: POLAR_PAGE_SIZE }));
      return { subscriptions: { ...readAll(subscriptions.result, subscriptionSchema), readAt: subscriptions.readAt }, grants: readAll(grants, benefitGrantSchema) };
    },

    async subscriptionsPage(page) {
      const { result, readAt } = await withPolarReadTime(() =>
        call('listing subscriptions (GET /v1/subscriptions/)', 'subscriptions:read', () => polar.subscriptions.list({ page, limit: POLAR_PAGE_SIZE, sorting: ['started_at'] })),
      );
      return { ...readAll(result.items as unknown[], subscriptionSchema), readAt, maxPage: result.pagination.max_page };
    },

    async grantsPage(page) {
      const result = await call('listing benefit grants (GET /v1/benefit-grants/)', 'benefits:read', () => polar.benefitGrants.list({ page, limit: POLAR_PAGE_SIZE }));
      return { ...readAll(result.items as unknown[], benefitGrantSchema), maxPage: result.pagination.max_page };
    },

    async checkoutCustomer(checkoutId) {
      // A checkout Polar does not have (another organization's, a sandbox reset) names no one:
      // one such row must not stop every run after it.
      const checkout = (await call('reading a checkout (GET /v1/checkouts/{id})', 'checkouts:read', () =>
        polar.checkouts.get(checkoutId).catch((error: unknown) => {
          if (error instanceof PolarClientError && error.statusCode === 404) return null;
          throw error;
        }),
      )) as { status?: unknown; customer_id?: unknown } | null;
      return checkout?.status === 'succeeded' && typeof checkout.customer_id === 'string' ? checkout.customer_id : null;
    },

    async redeliver(eventId) {
      await call('asking for a redelivery (POST /v1/webhooks/events/{id}/redeliver)', 'webhooks:write', () => polar.webhooks.redeliverWebhookEvent(eventId));
    },
  };
}
