import type { Store } from './store.ts';
import type { WebhookSender } from './webhook-sender.ts';

/** What route handlers and billing actions share. */
export interface StandInContext {
  store: Store;
  webhooks: WebhookSender;
  /** Base URL for hosted-page links; a function because the port is known only after listen. */
  publicUrl(): string;
}
