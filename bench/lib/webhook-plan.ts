// The webhook workload: every subscription walks through a sequence of states (created, then
// random changes), each state one event with its own webhook-id and a later modified_at; a
// share of the events is redelivered with the same webhook-id; all of it shuffled with a fixed
// seed. The expected end state of each subscription is simply its last state.
import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../local/polar/webhook-signer.ts';
import { subscriptionEvent, type EventBody } from '../../tests/fixtures/polar-events.ts';
import type { SignedDelivery } from './sender.ts';
import { seededRandom, shuffle } from './stats.ts';

export interface ExpectedState {
  userId: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  modifiedAtMs: number;
}

export interface WebhookPlan {
  /** In sending order; a redelivery repeats an earlier id and body. */
  deliveries: Array<{ id: string; body: string }>;
  uniqueIds: string[];
  expected: ExpectedState[];
}

const CHANGES = [
  { type: 'subscription.updated', status: 'active', cancelAtPeriodEnd: false },
  { type: 'subscription.canceled', status: 'active', cancelAtPeriodEnd: true },
  { type: 'subscription.uncanceled', status: 'active', cancelAtPeriodEnd: false },
  { type: 'subscription.past_due', status: 'past_due', cancelAtPeriodEnd: false },
  { type: 'subscription.revoked', status: 'canceled', cancelAtPeriodEnd: false },
] as const;

export function planWebhooks(template: EventBody, userIds: string[], total: number, duplicateShare = 0.2, seed = 20261122): WebhookPlan {
  const random = seededRandom(seed);
  const uniqueCount = Math.round(total * (1 - duplicateShare));
  const base = Date.now() - 24 * 3600_000;
  const unique: Array<{ id: string; body: string }> = [];
  const expected: ExpectedState[] = [];

  userIds.forEach((userId, i) => {
    const ids = { subscriptionId: randomUUID(), customerId: randomUUID(), externalId: userId, metadata: { supabase_user_id: userId } };
    const states = Math.floor(uniqueCount / userIds.length) + (i < uniqueCount % userIds.length ? 1 : 0);
    let last: ExpectedState | undefined;
    for (let k = 0; k < states; k++) {
      const change = k === 0 ? { type: 'subscription.created', status: 'active', cancelAtPeriodEnd: false } : CHANGES[Math.floor(random() * CHANGES.length)]!;
      const modifiedAt = new Date(base + k * 60_000 + i);
      const body = subscriptionEvent(template, { ...ids, ...change, modifiedAt });
      unique.push({ id: `msg_bench_${randomUUID()}`, body: JSON.stringify(body) });
      last = { userId, status: change.status, cancelAtPeriodEnd: change.cancelAtPeriodEnd, modifiedAtMs: modifiedAt.getTime() };
    }
    if (last) expected.push(last);
  });

  const redelivered = shuffle([...unique], random).slice(0, total - unique.length);
  return {
    deliveries: shuffle([...unique, ...redelivered], random),
    uniqueIds: unique.map((d) => d.id),
    expected,
  };
}

/** Signs every delivery now (before timing starts), with the stand-in's own signer and scheme. */
export function signAll(plan: WebhookPlan, secret: string): SignedDelivery[] {
  const at = new Date();
  return plan.deliveries.map(({ id, body }) => ({ id, body, headers: signWebhook({ secret, scheme: 'raw', id, body, timestamp: at }) }));
}
