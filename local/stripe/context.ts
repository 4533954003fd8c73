import type { Clock } from '../kit/clock.ts';
import type { StripeStore } from './store.ts';
import type { StripeWebhooks } from './webhooks.ts';

/** What route handlers, pages and billing actions share. */
export interface StripeContext {
  store: StripeStore;
  webhooks: StripeWebhooks;
  clock: Clock;
  /** Base URL for hosted-page links; a function because the port is known only after listen. */
  publicUrl(): string;
}
