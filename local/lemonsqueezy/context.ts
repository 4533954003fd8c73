import type { Clock } from '../kit/clock.ts';
import type { LemonSqueezyStore } from './store.ts';
import type { LemonSqueezyWebhooks } from './webhooks.ts';

/** What route handlers, pages and billing actions share. */
export interface LemonSqueezyContext {
  store: LemonSqueezyStore;
  webhooks: LemonSqueezyWebhooks;
  clock: Clock;
  /** Base URL for links (API `links`, hosted pages); a function because the port is known only after listen. */
  publicUrl(): string;
  /** Key of the stand-in's own signed links (checkout, portal); never leaves it. */
  linkKey: string;
}
