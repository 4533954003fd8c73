// Scenario 4: each stand-in's own ceiling, hit directly at the same concurrency, so a reader can
// tell the product's limit from theirs. The Supabase and Polar stand-ins share one Node process
// (and, with Postgres and the load generator, the same 2 cores): a portal request needs one
// PostgREST GET and one Polar call, a webhook one rpc.
import type { BenchConfig } from '../config.ts';
import { runLoad, problemOf, type LoadOptions, type LoadResult } from '../lib/load.ts';
import type { HostInfo } from '../lib/stack-client.ts';

export interface StandInCeiling {
  name: string;
  request: string;
  runs: LoadResult[];
}

export interface StandInResults {
  ceilings: StandInCeiling[];
  problems: string[];
}

export interface CeilingInputs {
  /** The portal user: their token reads their own row under RLS. */
  userId: string;
  accessToken: string;
  polarCustomerId: string;
  polarToken: string;
  returnUrl: string;
  /** Users with no subscription yet (from the webhook scenario), for fresh rpc writes. */
  writeUserIds: string[];
}

export async function runStandIns(config: BenchConfig, info: HostInfo, inputs: CeilingInputs): Promise<StandInResults> {
  const c = config.standIns;
  let n = 0;
  const base = Date.now();
  // Each call a new webhook-id and a newer state for the next user: the full write path.
  const rpcBody = () => {
    const i = n++;
    const userId = inputs.writeUserIds[i % inputs.writeUserIds.length]!;
    return JSON.stringify({
      p_webhook_id: `msg_ceiling_${base}_${i}`,
      p_event_type: 'subscription.updated',
      p_payload: { type: 'subscription.updated', data: { id: `sub_${userId}` } },
      p_customer_id: `cus_ceiling_${userId}`,
      p_subscription_id: `sub_${userId}`,
      p_status: 'active',
      p_modified_at: new Date(base + i).toISOString(),
      p_cancel_at_period_end: false,
      p_external_user_id: userId,
    });
  };

  const targets: Array<{ name: string; request: string; options: LoadOptions }> = [
    {
      name: 'Supabase stand-in: JWKS',
      request: 'GET /auth/v1/.well-known/jwks.json',
      options: { url: `${info.supabaseUrl}/auth/v1/.well-known/jwks.json`, connections: c.connections },
    },
    {
      name: 'Supabase stand-in: PostgREST row GET',
      request: 'GET /rest/v1/user_subscriptions?select=…&user_id=eq.… (user token, RLS)',
      options: {
        url: `${info.supabaseUrl}/rest/v1/user_subscriptions?select=provider,polar_customer_id,status&user_id=eq.${inputs.userId}`,
        connections: c.connections,
        headers: { apikey: info.publishableKey, authorization: `Bearer ${inputs.accessToken}`, accept: 'application/json' },
      },
    },
    {
      name: 'Polar stand-in: customer session',
      request: 'POST /v1/customer-sessions/',
      options: {
        url: `${info.polarUrl}/v1/customer-sessions/`,
        connections: c.connections,
        method: 'POST',
        headers: { authorization: `Bearer ${inputs.polarToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customer_id: inputs.polarCustomerId, return_url: inputs.returnUrl }),
      },
    },
    {
      name: 'Supabase stand-in: rpc apply_polar_subscription',
      request: 'POST /rest/v1/rpc/apply_polar_subscription (service key; new webhook-id and newer state each call)',
      options: {
        url: `${info.supabaseUrl}/rest/v1/rpc/apply_polar_subscription`,
        connections: c.connections,
        method: 'POST',
        headers: { apikey: info.secretKey, 'content-type': 'application/json' },
        nextBody: rpcBody,
      },
    },
  ];

  const problems: string[] = [];
  const ceilings: StandInCeiling[] = targets.map(({ name, request }) => ({ name, request, runs: [] }));
  // Round-robin over the targets, so drift in the machine's load spreads over all of them.
  for (let i = 0; i < c.runs; i++) {
    for (const [k, target] of targets.entries()) {
      const result = await runLoad({ ...target.options, ...c.bound });
      const problem = problemOf(`${target.name} run ${i + 1}`, result);
      if (problem) problems.push(problem);
      ceilings[k]!.runs.push(result);
      console.log(`  ${target.name} run ${i + 1}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms`);
    }
  }
  return { ceilings, problems };
}
