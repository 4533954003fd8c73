// How much load each scenario sends. Every load is bounded (a duration or a count) so the bench
// stops by itself: the full run takes ≈ 15–20 minutes on 2 cores (half of it the reconcile
// scenario's 10,000 subscribers), BENCH_QUICK=1 about 3–5 (mostly the production build) with
// one-second loads (a few hundred requests each) and 500 subscribers.
export const QUICK = process.env.BENCH_QUICK === '1';

// Durations, not counts: with `amount`, autocannon's elapsed time snaps to whole seconds.
type Bound = { duration: number };

const pick = <T>(quick: T, full: T): T => (QUICK ? quick : full);

export const config = {
  quick: QUICK,
  portal: {
    warmup: pick<Bound>({ duration: 1 }, { duration: 3 }),
    countedRequests: pick(100, 500),
    /** Alternating baseline/app pairs at 32 and at 8 connections. */
    runs: pick(2, 5),
    /** Runs of the route's cheapest answer (400), for Next's own cost per request. */
    floorRuns: pick(1, 3),
    bound: pick<Bound>({ duration: 1 }, { duration: 6 }),
    injectedLatencyMs: 40,
    latencyRuns: pick(1, 3),
    latencyBound: pick<Bound>({ duration: 1 }, { duration: 5 }),
  },
  webhooks: {
    events: pick(500, 5000),
    subscriptions: pick(50, 500),
    duplicateShare: 0.2,
    senders: 50,
    /** Alternating baseline/app pairs, tables reset before each. */
    runs: pick(1, 3),
  },
  reconcile: {
    /** Subscribers at Polar, each with one subscription and its grants. */
    customers: pick(500, 10_000),
  },
  standIns: {
    runs: pick(1, 3),
    connections: 32,
    bound: pick<Bound>({ duration: 1 }, { duration: 4 }),
  },
};

export type BenchConfig = typeof config;
