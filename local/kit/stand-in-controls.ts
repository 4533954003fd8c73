// The controls every stand-in with webhooks offers tests and the dev stack, built once: where its
// webhooks go, how fast their retries come, faults in sending, waiting for them, the attempts in
// order, and a close that lets queued webhooks out first.
import type { Clock } from './clock.ts';
import type { Faults } from './faults.ts';
import type { SenderFaultInjector, SenderFaults } from './sender-faults.ts';
import type { LoopbackServer } from './serve.ts';
import type { DeliveryRecord, EndpointRecord, EventRecord, WebhookDelivery } from './webhook-delivery.ts';
import type { Collection } from './store.ts';

export interface StandInWebhooks extends WebhookDelivery {
  endpoint(): EndpointRecord;
  setUrl(url: string): void;
}

export interface WebhookControls {
  setWebhookUrl(url: string): void;
  webhookEndpoint(): EndpointRecord;
  /** Scales the provider's retry schedule: 1 = real time. */
  setWebhookRetryTimeFactor(factor: number): void;
  /** Faults in webhook sending (drops, lost answers, duplicates, delays); null = none. */
  setWebhookSenderFaults(faults: SenderFaults | null): void;
  /** Resolves once every webhook queued so far has had its first attempt. */
  idle(): Promise<void>;
  /** Resolves once no webhook is waiting for a retry (each delivered, failed for good, or skipped). */
  settled(timeoutMs?: number): Promise<void>;
  /** Makes every scheduled webhook retry now (tests start clean of an earlier test's retries). */
  flushWebhookRetries(): void;
}

export function webhookControls(webhooks: StandInWebhooks, senderFaults: SenderFaultInjector, setTimeFactor: (factor: number) => void): WebhookControls {
  return {
    setWebhookUrl: (url) => webhooks.setUrl(url),
    webhookEndpoint: () => webhooks.endpoint(),
    setWebhookRetryTimeFactor: setTimeFactor,
    setWebhookSenderFaults: (faults) => senderFaults.set(faults),
    idle: () => webhooks.idle(),
    settled: (timeoutMs) => webhooks.settled(timeoutMs),
    flushWebhookRetries: () => webhooks.flushRetries(),
  };
}

/** Every attempt with its event, oldest first. */
export function attemptsInOrder(deliveries: Collection<DeliveryRecord>, events: Collection<EventRecord>): { delivery: DeliveryRecord; event: EventRecord }[] {
  return deliveries
    .values()
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .map((delivery) => ({ delivery, event: events.get(delivery.event_id)! }));
}

export async function closeStandIn(guard: { releaseHung(): void }, webhooks: WebhookDelivery, server: LoopbackServer): Promise<void> {
  guard.releaseHung();
  // Let queued webhooks go out first so a test's last events are not lost.
  await webhooks.idle();
  webhooks.stop();
  await server.close();
}

/** Faults on the API, the clock, and the request count: what every stand-in is steered by. */
export interface ApiAndClockControls {
  setFaults(f: Faults): void;
  /** Moves the stand-in's clock forward and runs what falls due (renewals, period ends). */
  advanceClock(ms: number): Promise<void>;
  now(): Date;
  requestCount(): number;
}

export function apiAndClockControls(guard: { setFaults(f: Faults): void; requestCount(): number }, clock: Clock): ApiAndClockControls {
  return {
    setFaults: (f) => guard.setFaults(f),
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    requestCount: () => guard.requestCount(),
  };
}
