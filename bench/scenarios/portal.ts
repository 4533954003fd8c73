// Scenario 1: GET /api/portal for a subscribed, signed-in user (fetch caller → 200 {url}),
// against the bare baseline (bench/baselines/portal-server.ts) in the same run: upstream calls
// per request, throughput at 32 connections, p99 at 8, and latency with 40 ms injected into
// every stand-in call. Baseline and app runs alternate, and their order flips each round.
import type { BenchConfig } from '../config.ts';
import { runLoad, problemOf, type LoadOptions, type LoadResult } from '../lib/load.ts';
import { measureCpu } from '../lib/proc.ts';
import type { RssSampler } from '../lib/rss.ts';
import type { Counts, StackHost } from '../lib/stack-client.ts';

export interface CallCounts extends Counts {
  requests: number;
}

export interface PairedRuns {
  app: LoadResult[];
  baseline: LoadResult[];
}

export interface PortalResults {
  calls: { app: CallCounts; baseline: CallCounts };
  at32: PairedRuns;
  at8: PairedRuns;
  latency40: PairedRuns;
  /** Next's own cost: the route's cheapest answer (400 before any upstream call), 32 connections. */
  nextFloor: LoadResult[];
  problems: string[];
}

export interface PortalTargets {
  appUrl: string;
  baselineUrl: string;
  cookie: string;
  /** Process trees whose CPU time each run records. */
  pids: { app: number; baseline: number; standIns: number };
}

/** Waits until the stand-ins' counters stop moving (nothing in flight any more). */
async function settle(host: StackHost): Promise<void> {
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const { supabaseTotal, polar } = await host.counts();
    if (supabaseTotal + polar === last) return;
    last = supabaseTotal + polar;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function runPortal(config: BenchConfig, host: StackHost, targets: PortalTargets, rss: RssSampler): Promise<PortalResults> {
  const c = config.portal;
  const problems: string[] = [];
  const load = (which: 'app' | 'baseline', options: Omit<LoadOptions, 'url' | 'headers'>) =>
    runLoad({
      url: `${which === 'app' ? targets.appUrl : targets.baselineUrl}/api/portal`,
      headers: { cookie: targets.cookie, accept: 'application/json' },
      ...options,
    });

  for (const which of ['app', 'baseline'] as const) {
    const url = `${which === 'app' ? targets.appUrl : targets.baselineUrl}/api/portal`;
    const response = await fetch(url, { headers: { cookie: targets.cookie, accept: 'application/json' } });
    const body = await response.text();
    if (response.status !== 200 || !body.includes('"url"')) throw new Error(`${which} GET /api/portal answered ${response.status}: ${body}`);
    await load(which, { connections: 32, ...c.warmup });
  }

  // Calls per request: a bounded count of requests, all completed, counters reset before —
  // once the requests the warm-up load abandoned mid-flight have finished their upstream calls.
  const callsOf = async (which: 'app' | 'baseline'): Promise<CallCounts> => {
    await settle(host);
    await host.resetCounts();
    const result = await load(which, { connections: 8, amount: c.countedRequests });
    const problem = problemOf(`calls/request (${which})`, result);
    if (problem) problems.push(problem);
    return { ...(await host.counts()), requests: result.ok + result.non2xx };
  };
  const calls = { app: await callsOf('app'), baseline: await callsOf('baseline') };

  const paired = async (label: string, runs: number, options: Omit<LoadOptions, 'url' | 'headers'>): Promise<PairedRuns> => {
    const out: PairedRuns = { app: [], baseline: [] };
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? (['baseline', 'app'] as const) : (['app', 'baseline'] as const);
      for (const which of order) {
        const measured = () => measureCpu({ server: targets.pids[which], standIns: targets.pids.standIns }, () => load(which, options));
        const { result: loaded, cpuMs } = which === 'app' ? await rss.during(measured) : await measured();
        const result = { ...loaded, serverCpuMs: cpuMs.server, standInCpuMs: cpuMs.standIns };
        const problem = problemOf(`${label} run ${i + 1} (${which})`, result);
        if (problem) problems.push(problem);
        out[which].push(result);
        console.log(
          `  ${label} ${which} run ${i + 1}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
            `server CPU ${(result.serverCpuMs / result.seconds / 10).toFixed(0)} % of a core`,
        );
      }
    }
    return out;
  };

  // What Next itself costs per request: the same route answering 400 for a bad returnUrl,
  // before any upstream call (cookie and all other headers as above).
  const nextFloor: LoadResult[] = [];
  for (let i = 0; i < c.floorRuns; i++) {
    const { result: loaded, cpuMs } = await measureCpu({ server: targets.pids.app }, () =>
      runLoad({
        url: `${targets.appUrl}/api/portal?returnUrl=${encodeURIComponent('javascript:alert(1)')}`,
        headers: { cookie: targets.cookie, accept: 'application/json' },
        connections: 32,
        ...c.bound,
      }),
    );
    if (loaded.ok > 0 || loaded.errors > 0 || loaded.non2xx === 0) problems.push(`Next floor run ${i + 1}: ${loaded.ok} 2xx, ${loaded.errors} errors (expected only 400s)`);
    // Every answer is the expected 400 here: count them as the run's requests.
    const result = { ...loaded, rps: loaded.non2xx / loaded.seconds, serverCpuMs: cpuMs.server };
    nextFloor.push(result);
    console.log(`  Next floor run ${i + 1}: ${result.rps.toFixed(0)} req/s, server CPU ${(cpuMs.server / loaded.non2xx).toFixed(2)} ms/req`);
  }

  const at32 = await paired('32 connections', c.runs, { connections: 32, ...c.bound });
  const at8 = await paired('8 connections', c.runs, { connections: 8, ...c.bound });
  await host.setFaults('both', { latencyMs: c.injectedLatencyMs });
  let latency40: PairedRuns;
  try {
    latency40 = await paired(`+${c.injectedLatencyMs} ms per call`, c.latencyRuns, { connections: 8, ...c.latencyBound });
  } finally {
    await host.setFaults('both', {});
  }
  return { calls, at32, at8, latency40, nextFloor, problems };
}
