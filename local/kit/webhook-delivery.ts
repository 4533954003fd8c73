// Sending a stand-in's webhooks the way payment providers do: one event per endpoint, a first
// attempt in creation order, retries on a backoff schedule, a permanent failure after the last
// attempt, and an endpoint switched off after a run of permanently failed events. The provider
// supplies the schedule, the signing and the wire shapes; this is the machinery they share.
import { randomUUID } from 'node:crypto';
import type { AttemptFault, SenderFaultInjector } from './sender-faults.ts';
import type { Collection } from './store.ts';

export interface EndpointRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  url: string;
  secret: string;
  enabled: boolean;
  /** Event types this endpoint receives. */
  events: string[];
}

export interface EventRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  endpoint_id: string;
  type: string;
  /** The body, byte for byte the same on every attempt. */
  payload: string;
  /** null while no attempt has settled it (pending or being retried). */
  succeeded: boolean | null;
  skipped: boolean;
  last_http_code: number | null;
}

export interface DeliveryRecord {
  id: string;
  created_at: string;
  modified_at: string | null;
  event_id: string;
  succeeded: boolean;
  http_code: number | null;
  response: string | null;
}

export interface DeliveryPolicy {
  /** HTTP attempts per event before it fails for good, earlier redeliveries included. */
  maxAttempts: number;
  /** Wait before the next attempt, given how many have failed so far (ms, before scaling). */
  backoffMs(failedAttempts: number): number;
  /** Permanently failed events in a row (the newest settled ones) that switch an endpoint off. */
  disableAfter: number;
  timeoutMs: number;
  /** Longest response body kept on a delivery. */
  maxResponseChars: number;
  /** Whether a receiver's status counts as delivered; any 2xx when absent (Lemon Squeezy wants exactly 200). */
  accepts?(status: number): boolean;
}

export interface WebhookDeliveryOptions {
  endpoints: Collection<EndpointRecord>;
  events: Collection<EventRecord>;
  deliveries: Collection<DeliveryRecord>;
  policy: DeliveryPolicy;
  /** Headers for one attempt (signature over the payload at the attempt's own time). */
  sign(endpoint: EndpointRecord, event: EventRecord): Record<string, string>;
  /** Timestamps of records (the stand-in's clock, which tests move forward). */
  now(): Date;
  /** Scales every backoff: 1 in dev (Polar's real schedule), e.g. 0.001 in tests. Read per retry. */
  timeFactor?: () => number;
  onEndpointDisabled?(endpoint: EndpointRecord): void;
  /** Faults drawn per attempt (the chaos suite's); none when absent. */
  senderFaults?: SenderFaultInjector;
}

export interface WebhookDelivery {
  /** Creates one event per enabled endpoint that takes `type` and queues its first attempt. */
  emit(type: string, payload: string): EventRecord[];
  /** Queues one more attempt of an event, whatever its state (what a "redeliver" asks for). */
  redeliver(eventId: string): boolean;
  /** Resolves once every first attempt queued so far has been made (retries may follow later). */
  idle(): Promise<void>;
  /** Resolves once no event is waiting for another attempt (none scheduled): each succeeded, failed for good or was skipped. */
  settled(timeoutMs?: number): Promise<void>;
  /**
   * Makes every scheduled retry now instead of at its backoff (a test's way of starting clean:
   * a retry scheduled at Polar's real pace by one test would otherwise land in a later one).
   */
  flushRetries(): void;
  /** Stops scheduled retries (they resume when the stand-in starts again on the same store). */
  stop(): void;
}

export function createWebhookDelivery(options: WebhookDeliveryOptions): WebhookDelivery {
  const { endpoints, events, deliveries, policy } = options;
  const timeFactor = options.timeFactor ?? (() => 1);
  /** Scheduled retries, each with the attempt it will make. */
  const timers = new Map<NodeJS.Timeout, () => void>();
  let stopped = false;
  // Per endpoint, attempts run one after the other in the order they were queued: Polar holds
  // an event back while an earlier one of its endpoint was never attempted.
  const queues = new Map<string, Promise<void>>();

  const stamp = () => options.now().toISOString();
  const attemptsOf = (eventId: string) => deliveries.where('event_id', eventId).length;

  function enqueue(event: EventRecord, redelivery: boolean, wasHeld = false): void {
    const previous = queues.get(event.endpoint_id) ?? Promise.resolve();
    const next = previous.then(() => attempt(event.id, redelivery, wasHeld)).catch((error: unknown) => {
      console.error('[webhook delivery] attempt crashed', error);
    });
    queues.set(event.endpoint_id, next);
  }

  function retryLater(event: EventRecord, failed: number, redelivery = false): void {
    if (stopped) return;
    const retry = () => {
      timers.delete(timer);
      enqueue(event, redelivery);
    };
    const timer = setTimeout(retry, policy.backoffMs(failed) * timeFactor());
    timers.set(timer, retry);
  }

  /** Held-back attempts (a delay fault): pending, though in no queue. */
  const held = new Set<NodeJS.Timeout>();
  /** Requests given up on (a timeout fault) that the receiver may still be answering. */
  const abandoned = new Set<Promise<unknown>>();

  async function attempt(eventId: string, redelivery: boolean, wasHeld: boolean): Promise<void> {
    const event = events.get(eventId);
    const endpoint = event && endpoints.get(event.endpoint_id);
    if (!event || !endpoint || stopped) return;
    if (!endpoint.enabled) {
      events.put({ ...event, skipped: true, modified_at: stamp() });
      return;
    }
    if (event.succeeded && !redelivery) return;

    const { fault, delayMs } = wasHeld ? { fault: 'none' as const, delayMs: 0 } : (options.senderFaults?.draw() ?? { fault: 'none' as const, delayMs: 0 });
    if (fault === 'delay') {
      // Later events of the endpoint go first; this one rejoins the queue after the hold.
      const timer = setTimeout(() => {
        held.delete(timer);
        enqueue(event, redelivery, true);
      }, delayMs);
      held.add(timer);
      return;
    }
    const { status, response } = await send(fault, delayMs, endpoint, event);
    const succeeded = status !== null && (policy.accepts ? policy.accepts(status) : status >= 200 && status < 300);
    deliveries.put({
      id: randomUUID(),
      created_at: stamp(),
      modified_at: null,
      event_id: event.id,
      succeeded,
      http_code: status,
      response: response?.slice(0, policy.maxResponseChars) || null,
    });
    const current = events.get(event.id) ?? event;
    if (succeeded) {
      events.put({ ...current, succeeded: true, skipped: false, last_http_code: status, modified_at: stamp() });
      return;
    }
    const failed = attemptsOf(event.id);
    if (failed < policy.maxAttempts) {
      events.put({ ...current, skipped: false, last_http_code: status, modified_at: stamp() });
      retryLater(current, failed, redelivery);
      return;
    }
    // A success from an earlier attempt stands: only a never-delivered event fails for good.
    events.put({ ...current, succeeded: current.succeeded === true ? true : false, last_http_code: status, modified_at: stamp() });
    if (current.succeeded !== true) disableIfFailing(endpoint.id);
  }

  async function send(fault: AttemptFault, waitMs: number, endpoint: EndpointRecord, event: EventRecord) {
    if (fault === 'drop') return { status: null, response: 'chaos: the connection dropped before the request was sent' };
    const attemptOnce = () => post(endpoint.url, options.sign(endpoint, event), event.payload, policy.timeoutMs);
    if (fault === 'duplicate') return (await Promise.all([attemptOnce(), attemptOnce()]))[0];
    if (fault === 'timeout') {
      // The receiver carries on with this request while the retry is scheduled (and may overlap it).
      const request = attemptOnce().finally(() => abandoned.delete(request));
      abandoned.add(request);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      return { status: null, response: 'TimeoutError: chaos: no answer within the timeout' };
    }
    const answer = await attemptOnce();
    if (fault === 'abort-after-send') return { status: null, response: 'chaos: the connection dropped after the request was sent, before the answer' };
    return answer;
  }

  function disableIfFailing(endpointId: string): void {
    const endpoint = endpoints.get(endpointId);
    if (!endpoint?.enabled) return;
    const settled = events
      .where('endpoint_id', endpointId)
      .filter((e) => e.succeeded !== null)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .slice(0, policy.disableAfter);
    if (settled.length < policy.disableAfter || settled.some((e) => e.succeeded)) return;
    const disabled = endpoints.put({ ...endpoint, enabled: false, modified_at: stamp() });
    for (const pending of events.where('endpoint_id', endpointId)) {
      if (pending.succeeded === null && !pending.skipped) events.put({ ...pending, skipped: true, modified_at: stamp() });
    }
    options.onEndpointDisabled?.(disabled);
  }

  // Events left pending by a previous run (dev restarts) are picked up where they were.
  for (const event of events.values()) {
    if (event.succeeded === null && !event.skipped) {
      const failed = attemptsOf(event.id);
      if (failed === 0) enqueue(event, false);
      else retryLater(event, failed);
    }
  }

  return {
    emit(type, payload) {
      const created: EventRecord[] = [];
      for (const endpoint of endpoints.values()) {
        if (!endpoint.enabled || !endpoint.events.includes(type)) continue;
        const event = events.put({
          id: randomUUID(),
          created_at: stamp(),
          modified_at: null,
          endpoint_id: endpoint.id,
          type,
          payload,
          succeeded: null,
          skipped: false,
          last_http_code: null,
        });
        created.push(event);
        enqueue(event, false);
      }
      return created;
    },
    redeliver(eventId) {
      const event = events.get(eventId);
      if (!event) return false;
      enqueue(event, true);
      return true;
    },
    async idle() {
      await Promise.all(queues.values());
    },
    async settled(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await Promise.all([...queues.values(), ...abandoned]);
        // A retry still scheduled counts too: one of an event skipped while the endpoint was off
        // is made (and delivered) once the endpoint is back on, as Polar's are.
        if (timers.size === 0 && held.size === 0 && abandoned.size === 0 && !events.values().some((e) => e.succeeded === null && !e.skipped)) return;
        if (Date.now() > deadline) throw new Error('webhook deliveries did not settle in time');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    flushRetries() {
      for (const [timer, retry] of [...timers]) {
        clearTimeout(timer);
        retry();
      }
    },
    stop() {
      stopped = true;
      for (const timer of [...timers.keys(), ...held]) clearTimeout(timer);
      timers.clear();
      held.clear();
    },
  };
}

/** One POST; redirects are not followed (a 3xx is a failure). null status = no answer. */
async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number) {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text().catch(() => '');
    return { status: response.status, response: text.replaceAll('\u0000', '') };
  } catch (error) {
    return { status: null, response: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
