// Offline stand-in for a Supabase project's API gateway, GoTrue (/auth/v1) and PostgREST
// (/rest/v1), backed by the real PostgreSQL of local/db. The real @supabase/supabase-js and
// @supabase/ssr talk to it unchanged: SUPABASE_URL = standIn.url.
import type { LocalKeys, SigningKey } from '../keys.ts';
import { serveOnLoopback } from '../kit/serve.ts';
import type { MailSink } from '../mail/index.ts';
import { createApp } from './app.ts';
import { createRateLimits } from './auth/rate-limits.ts';
import { createAuthSettings, resolveRateLimits, type AuthSwitches, type EmailLinks } from './auth/settings.ts';
import { createSql } from './db.ts';
import { loadProjectConfig } from './project-config.ts';
import { createRestPool } from './rest/pool.ts';
import { createTokenService, type JwtAlgorithm } from './tokens.ts';
import { createTrafficGuard } from './traffic-guard.ts';
import type { Faults, RequestCounts } from './traffic-guard.ts';
import type { StandInContext } from './types.ts';

export type { AuthSwitches, EmailLinks, Faults, JwtAlgorithm, RequestCounts };
export type { RateLimitConfig } from './project-config.ts';

/** What can change while the stand-in runs: tests exercise each mode on one stack. */
export interface AuthModes extends AuthSwitches {
  jwtAlgorithm?: JwtAlgorithm;
}

export interface SupabaseStandInOptions {
  /** 54321 for dev; 0 or undefined = ephemeral. The host is always 127.0.0.1. */
  port?: number;
  /** Connects as supabase_auth_admin (owns schema auth): RunningPostgres.urlFor('supabase_auth_admin'). */
  authDbUrl: string;
  /** Connects as authenticator, which switches role per request: urlFor('authenticator'). */
  restDbUrl: string;
  keys: LocalKeys;
  signingKey: SigningKey;
  /**
   * Defaults for these and for the Auth settings come from supabase/config.toml, as `supabase
   * start` reads them. jwt_expiry: clients refresh when fewer than 90 s remain, so keep it well above.
   */
  accessTokenTtlSeconds?: number;
  minimumPasswordLength?: number;
  /** refresh_token_reuse_interval: how long a rotated refresh token may still be used. */
  refreshTokenReuseIntervalSeconds?: number;
  /** The app's URL (where email links and invalid redirects lead); default config.toml's site_url. */
  siteUrl?: string;
  /** Default config.toml's `[auth.email] enable_confirmations`; rate limits default off. */
  confirmations?: boolean;
  emailLinks?: EmailLinks;
  rateLimits?: AuthSwitches['rateLimits'];
  /** ES256 (the CLI's signing key, default) or HS256 (a project on the legacy JWT secret). */
  jwtAlgorithm?: JwtAlgorithm;
  /** Receives the mail GoTrue would send (the inbox of local/mail). */
  mailer?: MailSink;
}

export interface SupabaseStandIn {
  url: string;
  /** Applies to every request: added latency, a forced status, or no answer at all. `{}` clears. */
  setFaults(f: Faults): void;
  requestCount(): number;
  resetRequestCount(): void;
  /** Per-prefix counts: /auth/v1 (without JWKS), /rest/v1, and the JWKS document. */
  counts(): RequestCounts;
  /** Switches confirmations, link style, rate limits (all buckets start full) or token signing. */
  setAuthModes(modes: AuthModes): void;
  authModes(): Required<Omit<AuthModes, 'rateLimits'>> & { rateLimits: boolean };
  close(): Promise<void>;
}

export async function startSupabaseStandIn(opts: SupabaseStandInOptions): Promise<SupabaseStandIn> {
  let url = '';
  // GoTrue's side keeps node-postgres's result types: timestamps as Date, JSON parsed.
  const authSql = createSql(opts.authDbUrl, 'auth', { max: 5 });
  const restSql = createRestPool(opts.restDbUrl);
  const config = loadProjectConfig();
  const auth = createAuthSettings(config, opts);
  const ctx: StandInContext = {
    url: () => url,
    keys: opts.keys,
    signingKey: opts.signingKey,
    tokens: await createTokenService(opts.signingKey, opts.keys, opts.jwtAlgorithm),
    authSql,
    restSql,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? config.jwtExpirySeconds,
    minimumPasswordLength: opts.minimumPasswordLength ?? config.minimumPasswordLength,
    refreshTokenReuseIntervalSeconds: opts.refreshTokenReuseIntervalSeconds ?? config.refreshTokenReuseIntervalSeconds,
    auth,
    limits: createRateLimits(auth.rateLimits),
    mailer: opts.mailer,
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
    setAuthModes(modes) {
      if (modes.confirmations !== undefined) auth.confirmations = modes.confirmations;
      if (modes.emailLinks !== undefined) auth.emailLinks = modes.emailLinks;
      if (modes.jwtAlgorithm !== undefined) ctx.tokens.setAlgorithm(modes.jwtAlgorithm);
      if (modes.rateLimits !== undefined) {
        auth.rateLimits = resolveRateLimits(modes.rateLimits, auth.projectRateLimits);
        ctx.limits.configure(auth.rateLimits);
      }
    },
    authModes: () => ({
      confirmations: auth.confirmations,
      emailLinks: auth.emailLinks,
      rateLimits: auth.rateLimits !== undefined,
      jwtAlgorithm: ctx.tokens.algorithm(),
    }),
    async close() {
      guard.releaseHung();
      await server.close();
      await Promise.all([authSql.end(), restSql.end()]);
    },
  };
}
