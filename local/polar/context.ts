import type { Clock } from '../kit/clock.ts';
import type { PolarStore } from './store.ts';
import type { PolarWebhooks } from './webhooks.ts';

/** What route handlers and billing actions share. */
export interface StandInContext {
  store: PolarStore;
  webhooks: PolarWebhooks;
  clock: Clock;
  /** Base URL for hosted-page links; a function because the port is known only after listen. */
  publicUrl(): string;
}
