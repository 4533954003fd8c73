// The reconciler: brings the database back to Polar's truth. Webhooks are the fast path; this
// is what notices when one never arrived.
//
// incremental (the cron's default): O(what changed). The deliveries that failed since the last
// run, the deliveries the app kept without applying (no user yet, unreadable, a conflict) that
// no run has answered yet, and checkouts that never synced name the customers to look at (Polar
// cannot list subscriptions by when they changed); each gets its subscriptions
// and grants compared with Polar's, field by field, and repaired; the failed deliveries are
// then redelivered. full (`--full`, `?full=1`): every subscription and grant Polar has, page
// by page — the backfill for an existing organization and the repair after a restore. Both
// resume from a cursor kept in the database, within a time budget, and neither deletes a paid
// state on a partial read.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Polar } from 'polar-sdk-v1/2026-10';
import type { Database, Json } from '@/lib/supabase/database.types';
import { createCallBudget, OutOfTime } from './call-budget';
import { polarTruth, type EndpointState, type PolarTruth } from './polar-truth';
import { createRepairer, emptyTally, type Repairer, type Tally } from './repair';
import { storedState, type StoredState } from './stored';

export type ReconcileMode = 'incremental' | 'full';

export interface ReconcileOptions {
  polar: Polar;
  admin: SupabaseClient<Database>;
  /** The app's own webhook URL: which of the organization's endpoints is ours. */
  webhookUrl: string;
  mode: ReconcileMode;
  trigger: 'cron' | 'cli' | 'operator' | 'test';
  /** Stop starting new work after this long; the next run resumes. */
  budgetMs: number;
  /** Polar calls allowed per minute (a share of the organization's limit). */
  callsPerMinute: number;
  onProgress?: (tally: Tally) => void;
}

export interface ReconcileResult extends Omit<Tally, 'notes'> {
  runId: number | null;
  mode: ReconcileMode;
  /** Another run holds the lease: nothing was done. */
  busy: boolean;
  /** The whole pass finished (false: it ran out of time and the next run resumes). */
  done: boolean;
  redelivered: number;
  polarCalls: number;
  endpoint: EndpointState | null;
  /** Why something could not be repaired, and what to do (a disabled endpoint, a conflict…). */
  notes: string[];
}

/**
 * incremental: the failed deliveries made after `since` are read page by page (`page` is the
 * next one; `newest`, by Polar's clock, is where the next run starts), then the open questions;
 * full: the sweep's phase and page.
 */
type Cursor = { mode: ReconcileMode; since?: string; newest?: string; step?: 'deliveries' | 'questions'; phase?: 'subscriptions' | 'grants' | 'orphans'; page?: number; sweep?: string };

const HOUR = 60 * 60 * 1000;
/**
 * Polar lists deliveries by when each attempt was made; a run reads those after the newest one
 * the previous run saw, less this margin for an attempt still being written when it was read.
 */
const DELIVERY_MARGIN_MS = 5 * 60 * 1000;
const POLAR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The very first incremental run looks this far back. */
const FIRST_LOOK_BACK_MS = 7 * 24 * HOUR;
/** A checkout is given this long to sync by itself (webhooks, the dashboard) before it is looked at. */
const CHECKOUT_GRACE_SECONDS = 10 * 60;
/** How long Polar keeps a checkout payable (server/polar/config.py CHECKOUT_TTL_SECONDS). */
const CHECKOUT_TTL_SECONDS = 24 * 60 * 60;

async function rpc<T>(call: PromiseLike<{ data: T; error: { message: string } | null }>, what: string): Promise<T> {
  const { data, error } = await call;
  if (error) throw new Error(`${what} failed: ${error.message}`, { cause: error });
  return data;
}

/** An error and its causes, for the operator (the first is often the user-facing "Something went wrong"). */
function reasonOf(error: unknown): string {
  const parts: string[] = [];
  for (let at: unknown = error; parts.length < 4 && at != null; at = at instanceof Error ? at.cause : undefined) {
    parts.push(at instanceof Error ? at.message : String(at));
  }
  return parts.join(': ');
}

/** Objects Polar returned that the app cannot read: never guessed at, reported for a human. */
function reportUnreadable(unreadable: Array<{ id: string; problem: string }>, tally: Tally): void {
  for (const { id, problem } of unreadable) {
    tally.failed += 1;
    tally.notes.push(`Polar returned ${id}, which the app cannot read: ${problem}`);
  }
}

/** One customer: Polar's subscriptions and grants against the stored ones, then the summary. */
async function reconcileCustomer(customerId: string, truth: PolarTruth, stored: StoredState, repair: Repairer, tally: Tally, readAfter?: string): Promise<void> {
  const { subscriptions, grants } = await truth.customer(customerId);
  reportUnreadable([...subscriptions.unreadable, ...grants.unreadable], tally);
  const storedSubs = await stored.subscriptions(subscriptions.items.map((s) => s.id));
  for (const subscription of subscriptions.items) await repair.subscription(subscription, storedSubs.get(subscription.id), { readAfter, readAt: subscriptions.readAt });
  const storedGrants = await stored.grantsOfCustomer(customerId);
  const byId = new Map(storedGrants.map((g) => [g.grant_id, g]));
  for (const grant of grants.items) await repair.grant(grant, byId.get(grant.id));
  // Both lists were read in full: a granted row Polar does not list has nothing paying for it.
  if (grants.unreadable.length === 0) {
    const listed = new Set(grants.items.map((g) => g.id));
    for (const row of storedGrants) if (!row.revoked_at && row.granted_at && !listed.has(row.grant_id)) await repair.orphanGrant(row);
  }
  for (const userId of await stored.usersOfCustomers([customerId])) await repair.summary(userId);
}

function endpointNotes(endpoint: EndpointState | null, webhookUrl: string): string[] {
  if (!endpoint) return [`No Polar webhook endpoint points at ${webhookUrl}: create one (README → Going live → Polar).`];
  if (endpoint.enabled) return [];
  return [
    `Polar switched off the webhook endpoint ${endpoint.url} after repeated failed deliveries, and records no events for it while it is off. ` +
      `Re-enable it (Polar dashboard → Settings → Webhooks, or PATCH /v1/webhooks/endpoints/${endpoint.id} {"enabled": true}), then run a full reconcile: npm run billing:reconcile -- --full`,
  ];
}

/** Redeliveries are counted as they are asked for: a run that stops part-way still reports them. */
type Counts = { tally: Tally; redelivered: number };

async function incremental(cursor: Cursor, endpoint: EndpointState | null, truth: PolarTruth, stored: StoredState, repair: Repairer, counts: Counts, save: (cursor: Cursor) => void): Promise<Cursor> {
  const startedAt = Date.now();
  const since = cursor.since ?? new Date(startedAt - FIRST_LOOK_BACK_MS).toISOString();
  let newest = cursor.newest;
  // Each customer once per run, again only to order its state after later missed events.
  const looked = new Map<string, string | undefined>();
  const lookAt = async (customer: string, readAfter?: string) => {
    // Polar's ids are UUIDs (it answers 422 to any other filter value): a payload naming
    // anything else names no customer Polar could tell about.
    if (!POLAR_ID.test(customer)) return;
    if (looked.has(customer)) {
      const before = looked.get(customer);
      if (!readAfter || (before && Date.parse(before) >= Date.parse(readAfter))) return;
    }
    looked.set(customer, readAfter);
    await reconcileCustomer(customer, truth, stored, repair, counts.tally, readAfter);
  };

  // What Polar gave up delivering: the customers' state is repaired from Polar's, then the
  // events are redelivered so Polar (and the app's log) see them land, as stale.
  if (endpoint && cursor.step !== 'questions') {
    for (let page = cursor.page ?? 1; ; page++) {
      save({ mode: 'incremental', since, newest, step: 'deliveries', page });
      const read = await truth.failedEventsPage(endpoint.id, since, page);
      const { events, maxPage } = read;
      if (read.newest && (!newest || Date.parse(read.newest) > Date.parse(newest))) newest = read.newest;
      const recorded = await stored.recordedEvents(events.map((e) => e.id));
      const missed = events.filter((e) => !recorded.has(e.id));
      // Every missed event was created before the customer is read below: its state is at least that recent.
      const newestMissed = new Map<string, string>();
      for (const event of missed) {
        if (!event.customerId) continue;
        const seen = newestMissed.get(event.customerId);
        if (!seen || Date.parse(event.createdAt) > Date.parse(seen)) newestMissed.set(event.customerId, event.createdAt);
      }
      for (const [customer, createdAt] of newestMissed) await lookAt(customer, createdAt);
      if (endpoint.enabled) {
        for (const event of missed) {
          await truth.redeliver(event.id);
          counts.redelivered += 1;
        }
      }
      if (page >= maxPage) break;
    }
  }
  save({ mode: 'incremental', since, newest, step: 'questions' });

  // Each answered question is marked at once, so a backlog larger than one run drains over runs.
  for (const { customer, webhookIds } of await stored.openQuestions()) {
    if (customer) await lookAt(customer);
    await stored.markReconciled(webhookIds);
  }
  for (const checkout of await stored.checkoutsToCheck(CHECKOUT_GRACE_SECONDS, CHECKOUT_TTL_SECONDS)) {
    const customer = await truth.checkoutCustomer(checkout);
    if (customer) await lookAt(customer);
    await stored.markCheckoutsChecked([checkout]);
  }

  // Everything up to the newest failed attempt was read; a margin covers one still being written.
  return { mode: 'incremental', since: newest ? new Date(Date.parse(newest) - DELIVERY_MARGIN_MS).toISOString() : since };
}

async function full(cursor: Cursor, admin: SupabaseClient<Database>, truth: PolarTruth, stored: StoredState, repair: Repairer, tally: Tally, save: (cursor: Cursor) => void): Promise<Cursor> {
  const sweep = cursor.sweep ?? new Date().toISOString();
  let phase = cursor.phase ?? 'subscriptions';
  let page = cursor.page ?? 1;
  for (;;) {
    save({ mode: 'full', sweep, phase, page });
    if (phase === 'subscriptions') {
      const read = await truth.subscriptionsPage(page);
      const rows = await stored.subscriptions(read.items.map((s) => s.id));
      for (const subscription of read.items) await repair.subscription(subscription, rows.get(subscription.id), { readAt: read.readAt });
      for (const userId of await stored.usersOfCustomers(read.items.map((s) => s.customer_id))) await repair.summary(userId);
      reportUnreadable(read.unreadable, tally);
      if (page < read.maxPage) page += 1;
      else [phase, page] = ['grants', 1];
    } else if (phase === 'grants') {
      const read = await truth.grantsPage(page);
      const rows = await stored.grants(read.items.map((g) => g.id));
      for (const grant of read.items) await repair.grant(grant, rows.get(grant.id));
      // Unreadable ones count as seen: a partial read never revokes anything.
      await rpc(admin.rpc('mark_polar_grants_seen', { p_sweep: sweep, p_grant_ids: [...read.items.map((g) => g.id), ...read.unreadable.map((u) => u.id)] }), 'Marking grants seen');
      reportUnreadable(read.unreadable, tally);
      if (page < read.maxPage) page += 1;
      else [phase, page] = ['orphans', 1];
    } else {
      // Every grant Polar has was seen: the active ones it does not have are revoked.
      for (const row of (await rpc(admin.rpc('polar_grants_not_seen', { p_sweep: sweep }), 'Reading unseen grants')) ?? []) await repair.orphanGrant(row);
      return { mode: 'full' };
    }
  }
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const { admin, mode } = options;
  const started = Date.now();
  const begun = (await rpc(
    admin.rpc('begin_reconcile_run', { p_mode: mode, p_trigger: options.trigger, p_seconds: Math.ceil(options.budgetMs / 1000) + 60 }),
    'Starting a reconcile run',
  )) as { run_id: number | null; cursor: Json | null } | null;
  const tally = emptyTally();
  const base = { mode, redelivered: 0, polarCalls: 0, endpoint: null, ...tally };
  if (!begun?.run_id) return { ...base, runId: null, busy: true, done: false };

  const runId = begun.run_id;
  const budget = createCallBudget({ perMinute: options.callsPerMinute, deadline: started + options.budgetMs });
  const truth = polarTruth(options.polar, budget);
  const stored = storedState(admin);
  const repair = createRepairer(admin, runId, tally);
  let cursor = (begun.cursor ?? { mode }) as Cursor;
  let done = false;
  const counts: Counts = { tally, redelivered: 0 };
  let endpoint: EndpointState | null = null;

  try {
    endpoint = await truth.endpoint(options.webhookUrl);
    for (const note of endpointNotes(endpoint, options.webhookUrl)) {
      tally.failed += 1;
      tally.notes.push(note);
    }
    if (mode === 'incremental') {
      cursor = await incremental(cursor, endpoint, truth, stored, repair, counts, (at) => {
        cursor = at;
      });
    } else {
      cursor = await full(cursor, admin, truth, stored, repair, tally, (at) => {
        cursor = at;
      });
    }
    done = true;
  } catch (error) {
    if (!(error instanceof OutOfTime)) {
      tally.failed += 1;
      tally.notes.push(`the run stopped: ${reasonOf(error)}`);
    }
  } finally {
    await rpc(
      admin.rpc('finish_reconcile_run', {
        p_run_id: runId,
        p_cursor: cursor as unknown as Json,
        p_done: done,
        p_checked: tally.checked,
        p_drifted: tally.drifted,
        p_repaired: tally.repaired,
        p_failed: tally.failed,
        p_redelivered: counts.redelivered,
        p_polar_calls: budget.calls,
        p_endpoint: (endpoint ?? null) as unknown as Json,
        p_notes: tally.notes.slice(0, 100),
      }),
      'Finishing a reconcile run',
    );
    options.onProgress?.(tally);
  }
  return { ...tally, runId, mode, busy: false, done, redelivered: counts.redelivered, polarCalls: budget.calls, endpoint, notes: tally.notes };
}
