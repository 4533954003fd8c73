// Offline stand-in for a Supabase project's API gateway, GoTrue (/auth/v1) and PostgREST
// (/rest/v1), backed by the real PostgreSQL of local/db. The real @supabase/supabase-js and
// @supabase/ssr talk to it unchanged: SUPABASE_URL = standIn.url.
import type { LocalKeys, SigningKey } from '../keys.ts';
import { serveOnLoopback } from '../http/serve.ts';
import { createApp } from './app.ts';
import { createSql } from './db.ts';
import { createRestPool } from './rest/pool.ts';
import { createTokenService } from './tokens.ts';
import { createTrafficGuard } from './traffic-guard.ts';
import type { Faults, RequestCounts } from './traffic-guard.ts';
import type { StandInContext } from './types.ts';

export type { Faults, RequestCounts };

export interface SupabaseStandInOptions {
  /** 54321 for dev; 0 or undefined = ephemeral. The host is always 127.0.0.1. */
  port?: number;
  /** Connects as supabase_auth_admin (owns schema auth): RunningPostgres.urlFor('supabase_auth_admin'). */
  authDbUrl: string;
  /** Connects as authenticator, which switches role per request: urlFor('authenticator'). */
  restDbUrl: string;
  keys: LocalKeys;
  signingKey: SigningKey;
  /** Default 3600. Clients refresh when fewer than 90 s remain, so keep it well above that. */
  accessTokenTtlSeconds?: number;
  /** Default 8, as supabase/config.toml. */
  minimumPasswordLength?: number;
  /** Default 10, as supabase/config.toml: how long a rotated refresh token may still be used. */
  refreshTokenReuseIntervalSeconds?: number;
}

export interface SupabaseStandIn {
  url: string;
  /** Applies to every request: added latency, a forced status, or no answer at all. `{}` clears. */
  setFaults(f: Faults): void;
  requestCount(): number;
  resetRequestCount(): void;
  /** Per-prefix counts: /auth/v1 (without JWKS), /rest/v1, and the JWKS document. */
  counts(): RequestCounts;
  close(): Promise<void>;
}

export async function startSupabaseStandIn(opts: SupabaseStandInOptions): Promise<SupabaseStandIn> {
  let url = '';
  // GoTrue's side keeps node-postgres's result types: timestamps as Date, JSON parsed.
  const authSql = createSql(opts.authDbUrl, 'auth', { max: 5 });
  const restSql = createRestPool(opts.restDbUrl);
  const ctx: StandInContext = {
    url: () => url,
    keys: opts.keys,
    signingKey: opts.signingKey,
    tokens: await createTokenService(opts.signingKey, opts.keys),
    authSql,
    restSql,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    minimumPasswordLength: opts.minimumPasswordLength ?? 8,
    refreshTokenReuseIntervalSeconds: opts.refreshTokenReuseIntervalSeconds ?? 10,
  };
  const guard = createTrafficGuard();
  const app = createApp(ctx, guard);

  const server = await serveOnLoopback(app.fetch, opts.port);
  url = server.url;

  return {
    url,
    setFaults: (f) => guard.setFaults(f),
    requestCount: () => guard.requestCount(),
    resetRequestCount: () => guard.resetRequestCount(),
    counts: () => guard.counts(),
    async close() {
      guard.releaseHung();
      await server.close();
      await Promise.all([authSql.end(), restSql.end()]);
    },
  };
}
