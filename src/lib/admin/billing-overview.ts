import 'server-only';
import type { SupabaseClient } from '@supabase/supabase-js';
import { publicEnv } from '@/env/public';
import { createCallBudget } from '@/lib/billing/reconcile/call-budget';
import { polarTruth, type EndpointState } from '@/lib/billing/reconcile/polar-truth';
import { WEBHOOK_PATH } from '@/lib/billing/reconcile/run';
import { describeError } from '@/lib/log';
import { polarClient } from '@/lib/polar/client';
import { polarIsSetUp, polarNotSetUp } from '@/lib/polar/config';
import type { Database, Json } from '@/lib/supabase/database.types';

export const OUTCOMES = ['applied', 'duplicate', 'stale', 'ignored', 'unmatched', 'conflict', 'unreadable'] as const;
/** Kept without being applied: each needs a look (and maybe "apply again"). */
export const OPEN_OUTCOMES = ['unmatched', 'conflict', 'unreadable'] as const;

export interface KeptDelivery {
  webhookId: string;
  type: string;
  outcome: string;
  receivedAt: string;
  detail: string | null;
  payload: Json;
}

export interface BillingOverview {
  counts: Record<string, number>;
  open: KeptDelivery[];
  recent: Array<{ webhookId: string; type: string; outcome: string; receivedAt: string }>;
  runs: Database['public']['Tables']['reconcile_runs']['Row'][];
  endpoint: { state: EndpointState | null; problem: string | null };
}

const DAY = 24 * 60 * 60 * 1000;

async function endpointAtPolar(): Promise<BillingOverview['endpoint']> {
  // Another provider bills and Polar is not set up: nothing to ask, and no outage to report.
  if (!polarIsSetUp()) return { state: null, problem: polarNotSetUp().message };
  try {
    const truth = polarTruth(polarClient(), createCallBudget({ perMinute: 10, deadline: Date.now() + 10_000 }));
    const state = await truth.endpoint(new URL(WEBHOOK_PATH, publicEnv.NEXT_PUBLIC_SITE_URL).href);
    return { state, problem: state ? null : 'No webhook endpoint at Polar points at this app.' };
  } catch (error) {
    return { state: null, problem: `Polar could not be asked: ${describeError(error)}` };
  }
}

/** What the operator view shows: the last week's deliveries by outcome, what is open, the runs. */
export async function billingOverview(admin: SupabaseClient<Database>): Promise<BillingOverview> {
  const since = new Date(Date.now() - 7 * DAY).toISOString();
  const counted = await Promise.all(
    OUTCOMES.map(async (outcome) => {
      const { count, error } = await admin.from('polar_webhook_events').select('webhook_id', { count: 'exact' }).eq('outcome', outcome).gte('received_at', since).limit(1);
      if (error) throw new Error(`Counting ${outcome} deliveries failed: ${error.message}`);
      return [outcome, count ?? 0] as const;
    }),
  );
  const [open, recent, runs] = await Promise.all([
    admin.from('polar_webhook_events').select('webhook_id, type, outcome, received_at, detail, payload').in('outcome', [...OPEN_OUTCOMES]).order('received_at', { ascending: false }).limit(20),
    admin.from('polar_webhook_events').select('webhook_id, type, outcome, received_at').order('received_at', { ascending: false }).limit(20),
    admin.from('reconcile_runs').select('*').order('started_at', { ascending: false }).limit(10),
  ]);
  for (const result of [open, recent, runs]) if (result.error) throw new Error(`Reading the operator view failed: ${result.error.message}`);
  return {
    counts: Object.fromEntries(counted),
    open: (open.data ?? []).map((r) => ({ webhookId: r.webhook_id, type: r.type, outcome: r.outcome, receivedAt: r.received_at, detail: r.detail, payload: r.payload })),
    recent: (recent.data ?? []).map((r) => ({ webhookId: r.webhook_id, type: r.type, outcome: r.outcome, receivedAt: r.received_at })),
    runs: runs.data ?? [],
    endpoint: await endpointAtPolar(),
  };
}
