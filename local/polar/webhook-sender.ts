import { randomBytes } from 'node:crypto';
import { signWebhook } from './webhook-signer.ts';
import type { WebhookScheme } from './webhook-signer.ts';

export interface Delivery {
  id: string;
  type: string;
  /** HTTP status of the receiver's answer; null when no answer came (network error, no URL). */
  status: number | null;
  error?: string;
  body: string;
  headers: Record<string, string>;
}

export interface WebhookSender {
  setUrl(url: string): void;
  /** Queues one event; events go out one at a time, in enqueue order. Returns the webhook-id. */
  enqueue(type: string, data: unknown): string;
  deliveries(): Delivery[];
  redeliver(webhookId: string): Promise<number>;
  /** Resolves once everything queued so far has been attempted. */
  idle(): Promise<void>;
}

export interface WebhookSenderOptions {
  secret: string;
  scheme: WebhookScheme;
  url?: string;
  timeoutMs?: number;
}

export function createWebhookSender(opts: WebhookSenderOptions): WebhookSender {
  let url = opts.url;
  let queue: Promise<unknown> = Promise.resolve();
  const log: Delivery[] = [];

  async function attempt(id: string, type: string, body: string): Promise<Delivery> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'polar-stand-in',
      ...signWebhook({ secret: opts.secret, scheme: opts.scheme, id, body }),
    };
    const delivery: Delivery = { id, type, status: null, body, headers };
    if (!url) {
      delivery.error = 'no webhook URL configured';
    } else {
      try {
        // Polar does not follow redirects: a 3xx is a failed delivery.
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        await res.arrayBuffer().catch(() => undefined);
        delivery.status = res.status;
        if (res.status < 200 || res.status > 299) delivery.error = `receiver answered ${res.status}`;
      } catch (error) {
        delivery.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    log.push(delivery);
    return delivery;
  }

  return {
    setUrl(next) {
      url = next;
    },
    enqueue(type, data) {
      const id = `msg_${randomBytes(16).toString('base64url')}`;
      const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
      queue = queue.then(() => attempt(id, type, body));
      return id;
    },
    deliveries: () => log.map((d) => ({ ...d, headers: { ...d.headers } })),
    async redeliver(webhookId) {
      const original = log.find((d) => d.id === webhookId);
      if (!original) throw new Error(`no webhook delivery with id ${webhookId}`);
      // Same id and body, fresh timestamp and signature: what Polar's "redeliver" does.
      const run = queue.then(() => attempt(original.id, original.type, original.body));
      queue = run;
      const delivery = await run;
      return delivery.status ?? 0;
    },
    idle: () => queue.then(() => undefined),
  };
}
