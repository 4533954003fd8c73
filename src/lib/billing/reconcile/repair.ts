// Bringing the database to Polar's state, one object at a time, through the same SQL write
// functions as the webhooks (so dedupe, ordering and ownership rules hold, and a webhook that
// lands meanwhile still wins if it is newer). Every difference found is counted and recorded.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { PolarBenefitGrant, PolarSubscription } from '@/lib/polar/objects';
import { subscriptionState } from '@/lib/polar/subscription-state';
import type { Database } from '@/lib/supabase/database.types';
import { LIVE_STATUSES } from '../billing-row';
import { benefitGrantArgs, latestTime, subscriptionStateArgs } from '../subscription-state';
import { grantDiff, grantsAccess, grantVersion, polarVersion, sameTime, subscriptionDiff, type StoredGrant, type StoredSubscription } from './compare';

export interface Tally {
  checked: number;
  drifted: number;
  repaired: number;
  failed: number;
  /** Database writes the repairs made (what a run costs the database). */
  writes: number;
  notes: string[];
}

/** How far before the read itself Polar's Date can be (whole seconds, refreshed once a second). */
const READ_TIME_SLACK_MS = 2_000;

export const emptyTally = (): Tally => ({ checked: 0, drifted: 0, repaired: 0, failed: 0, writes: 0, notes: [] });

type Admin = SupabaseClient<Database>;

async function rpc<T>(call: PromiseLike<{ data: T | null; error: { message: string } | null }>, what: string): Promise<T | null> {
  const { data, error } = await call;
  if (error) throw new Error(`${what} failed: ${error.message}`, { cause: error });
  return data;
}

export function createRepairer(admin: Admin, runId: number, tally: Tally) {
  const record = (kind: 'subscription' | 'grant', id: string, userId: string | null, outcome: string, detail: string) =>
    rpc(admin.rpc('record_reconcile_change', { p_run_id: runId, p_kind: kind, p_object_id: id, p_outcome: outcome, p_user_id: userId ?? undefined, p_detail: detail }), 'Recording a change');

  /** Whether the stored row was written after `before` was read (or appeared since). */
  async function changedSince(kind: 'subscription' | 'grant', id: string, before: { updated_at: string } | undefined): Promise<boolean> {
    const query =
      kind === 'subscription'
        ? admin.from('subscriptions').select('updated_at').eq('provider', 'polar').eq('subscription_id', id).maybeSingle()
        : admin.from('user_entitlements').select('updated_at').eq('provider', 'polar').eq('grant_id', id).maybeSingle();
    const { data, error } = await query;
    if (error) throw new Error(`Reading a ${kind} again failed: ${error.message}`, { cause: error });
    return data != null && (!before || Date.parse(data.updated_at) > Date.parse(before.updated_at));
  }

  async function storedGrant(id: string): Promise<StoredGrant | null> {
    const { data, error } = await admin.from('user_entitlements').select('*').eq('provider', 'polar').eq('grant_id', id).maybeSingle();
    if (error) throw new Error(`Reading a grant again failed: ${error.message}`, { cause: error });
    return data;
  }

  /**
   * A drifted object's outcome: repaired, or a failure worth a human's look. `givesNothing`: the
   * state bills and grants nothing (an ended subscription, a revoked grant).
   */
  async function settle(kind: 'subscription' | 'grant', id: string, userId: string | null, outcome: string | null, differences: string[], before?: { updated_at: string }, givesNothing = false): Promise<void> {
    tally.writes += 1;
    // No user has its customer (a deleted account's ended subscription, a purchase refunded
    // outside the app), and no one pays or gains by it: nothing is owed, nothing to chase.
    // Its deliveries are still kept as unmatched; a live state of no user stays a failure.
    if (outcome === 'unmatched' && givesNothing) {
      tally.drifted -= 1;
      return;
    }
    // Stale because a webhook wrote a newer state while this run compared: nothing to repair.
    if (outcome === 'stale' && (await changedSince(kind, id, before))) {
      tally.drifted -= 1;
      return;
    }
    if (outcome === 'applied') {
      tally.repaired += 1;
      await record(kind, id, userId, 'repaired', `differed in ${differences.join(', ')}`);
      return;
    }
    if (outcome === 'duplicate') {
      // Already right by the database's own comparison: no drift after all.
      tally.drifted -= 1;
      return;
    }
    tally.failed += 1;
    const why =
      outcome === 'stale'
        ? 'the database holds a newer state than Polar returned (left as is; the next run looks again)'
        : outcome === 'unmatched'
          ? 'its Polar customer belongs to no user of this app (kept as unmatched: see /admin/billing)'
          : outcome === 'conflict'
            ? 'Polar names another user for it than the one it is stored with (kept as conflict: see /admin/billing)'
            : `the write answered ${outcome}`;
    tally.notes.push(`${kind} ${id}: ${why}`);
    await record(kind, id, userId, outcome ?? 'no answer', `differed in ${differences.join(', ')}; ${why}`);
  }

  const repairer = {
    /**
     * Where the state read stands among webhooks of the same modified_at (Polar schedules and
     * clears a plan change without touching modified_at). `readAfter`: the newest of the events
     * about this subscription's customer that Polar had already created when it was read (the
     * failed ones about to be redelivered), so none of those, landing late, can win over it.
     * `readAt`: Polar's time of the read (its answer's Date), so no webhook older than the
     * second of the read replaces it, and any later one does.
     */
    async subscription(polar: PolarSubscription, stored: StoredSubscription | undefined, order: { readAfter?: string; readAt?: string } = {}): Promise<void> {
      tally.checked += 1;
      const differences = subscriptionDiff(polar, stored);
      const afterEvents = order.readAfter ? Date.parse(order.readAfter) + 1 : undefined;
      const args = (eventAt: number | undefined) => ({
        ...subscriptionStateArgs(subscriptionState(polar), eventAt === undefined ? undefined : new Date(eventAt).toISOString()),
        p_event_type: 'reconcile',
        p_payload: { subscription_id: polar.id },
      });
      if (differences.length === 0) {
        // Right already; only its place among the late events moves forward (a duplicate write).
        if (afterEvents && stored && !(stored.event_at && Date.parse(stored.event_at) >= afterEvents)) {
          await rpc(admin.rpc('apply_polar_subscription', args(afterEvents)), 'Ordering a subscription before late events');
          tally.writes += 1;
        }
        return;
      }
      tally.drifted += 1;
      // Polar's own version with other content was edited after the fact: forget that version
      // (only if it is still exactly what was read) so Polar's state can replace it.
      if (stored && sameTime(stored.modified_at, polarVersion(polar))) {
        await rpc(admin.rpc('forget_polar_subscription_version', { p_subscription_id: stored.subscription_id, p_modified_at: stored.modified_at, p_digest: stored.state_digest }), 'Forgetting a version');
        tally.writes += 1;
      }
      const eventAt = latestTime(afterEvents, order.readAt ? Date.parse(order.readAt) : undefined);
      const outcome = await rpc(admin.rpc('apply_polar_subscription', args(eventAt)), 'Applying a subscription');
      // Stale against a webhook Polar made around the read (its Date trails the read by up to
      // two seconds): the event of whatever changed since is on its way; nothing to report.
      if (outcome === 'stale' && eventAt !== undefined && stored?.event_at && sameTime(stored.modified_at, polarVersion(polar)) && Date.parse(stored.event_at) - eventAt < READ_TIME_SLACK_MS) {
        tally.drifted -= 1;
        tally.writes += 1;
        return;
      }
      await settle('subscription', polar.id, stored?.user_id ?? null, outcome, differences, stored, !LIVE_STATUSES.has(polar.status));
    },

    async grant(polar: PolarBenefitGrant, stored: StoredGrant | undefined, lastTry = false): Promise<void> {
      tally.checked += 1;
      const differences = grantDiff(polar, stored);
      if (differences.length === 0) return;
      tally.drifted += 1;
      // Forgotten too: a newer version that gives the same access, written from a customer-state
      // snapshot (which carries neither the revocation's own time nor the subscription). Polar's
      // grant was not modified since, so its exact fields are the same state, told precisely.
      const sameStateTold = stored && Date.parse(stored.modified_at) > Date.parse(grantVersion(polar)) && grantsAccess(stored) === grantsAccess(polar);
      if (stored && (sameTime(stored.modified_at, grantVersion(polar)) || sameStateTold)) {
        await rpc(admin.rpc('forget_polar_grant_version', { p_grant_id: stored.grant_id, p_modified_at: stored.modified_at, p_granted_at: stored.granted_at ?? undefined, p_revoked_at: stored.revoked_at ?? undefined }), 'Forgetting a version');
        tally.writes += 1;
      }
      const outcome = await rpc(admin.rpc('apply_polar_benefit_grant', { ...benefitGrantArgs(polar), p_event_type: 'reconcile', p_payload: { grant_id: polar.id } }), 'Applying a grant');
      if (outcome === 'stale' && !lastTry) {
        // A webhook wrote the grant while this run compared (late deliveries after an outage).
        // Giving the same access as Polar's, with other times (a snapshot's own time of a
        // revocation), it is compared once more, so Polar's exact fields replace it.
        const now = await storedGrant(polar.id);
        if (now && now.updated_at !== stored?.updated_at && grantsAccess(now) === grantsAccess(polar)) {
          tally.checked -= 1;
          tally.drifted -= 1;
          return repairer.grant(polar, now, true);
        }
      }
      await settle('grant', polar.id, stored?.user_id ?? null, outcome, differences, stored, !grantsAccess(polar));
    },

    /** A granted row Polar does not have at all: nothing pays for it. */
    async orphanGrant(stored: Pick<StoredGrant, 'grant_id' | 'modified_at' | 'user_id'>): Promise<void> {
      tally.checked += 1;
      tally.drifted += 1;
      const revoked = await rpc(admin.rpc('revoke_unknown_polar_grant', { p_grant_id: stored.grant_id, p_modified_at: stored.modified_at }), 'Revoking an unknown grant');
      await settle('grant', stored.grant_id, stored.user_id, revoked ? 'applied' : 'duplicate', ['(unknown to Polar)']);
    },

    /** The user's one-row summary, recomputed; counted only when it had drifted. */
    async summary(userId: string): Promise<void> {
      const changed = await rpc(admin.rpc('reconcile_user_subscription', { p_user_id: userId }), 'Refreshing a summary');
      if (!changed) return;
      tally.drifted += 1;
      tally.repaired += 1;
      tally.writes += 1;
      await record('subscription', `user_subscriptions:${userId}`, userId, 'repaired', 'the summary row differed from the subscriptions');
    },
  };
  return repairer;
}

export type Repairer = ReturnType<typeof createRepairer>;
