// The offline stack in one call: real PostgreSQL 17 with the project's migrations, the
// Supabase stand-in (Auth + PostgREST) and the Polar stand-in. `npm run dev` and the tests
// both start it through here, and hand `stack.appEnv` to the Next app.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startPostgres, type RunningPostgres } from './db/postgres.ts';
import { createSigningKey, loadOrCreateSigningKey, localKeys, type LocalKeys, type SigningKey } from './keys.ts';
import { freePort } from './net.ts';
import { startPolarStandIn, type PolarStandIn } from './polar/index.ts';
import { startSupabaseStandIn, type SupabaseStandIn } from './supabase/index.ts';

/** The Supabase CLI's ports for the API and database, and one beside them for Polar. */
export const DEV_PORTS = { supabase: 54321, postgres: 54322, polar: 54330 } as const;

export const POLAR_STAND_IN_TOKEN = 'polar_oat_offline_stack_token';
export const WEBHOOK_PATH = '/api/webhooks/polar';

export interface StackOptions {
  /** Keeps the database, keys and Polar state between runs (dev); omitted → throwaway (tests). */
  dataDir?: string;
  /** Omitted ports are picked free. */
  ports?: Partial<Record<keyof typeof DEV_PORTS, number>>;
  /** Where the Next app listens: the site URL, and where Polar's webhooks go. */
  appUrl: string;
  /** How the Polar stand-in signs webhooks (see src/lib/polar); default: the legacy scheme. */
  webhookScheme?: 'raw' | 'standard';
  accessTokenTtlSeconds?: number;
}

export interface Stack {
  dbUrl: string;
  supabaseUrl: string;
  polarUrl: string;
  keys: LocalKeys;
  /** Signs user access tokens (tests mint expired or foreign tokens with it). */
  signingKey: SigningKey;
  webhookSecret: string;
  /** The environment the Next app needs to run against this stack. */
  appEnv: Record<string, string>;
  postgres: RunningPostgres;
  supabase: SupabaseStandIn;
  polar: PolarStandIn;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const ports = {
    postgres: options.ports?.postgres ?? (await freePort()),
    supabase: options.ports?.supabase ?? (await freePort()),
    polar: options.ports?.polar ?? (await freePort()),
  };
  const dataDir = options.dataDir;
  const keys = await localKeys();
  const signingKey = dataDir
    ? await loadOrCreateSigningKey(path.join(dataDir, 'signing-key.json'))
    : await createSigningKey();
  // A fixed secret for dev (so a restarted stack still verifies), a random one per test run.
  const webhookSecret = dataDir
    ? 'whsec_b2ZmbGluZS1zdGFjay13ZWJob29rLXNlY3JldA=='
    : `whsec_${randomBytes(24).toString('base64')}`;

  const started: Array<{ close(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.close().catch(() => {});
  };

  try {
    const postgres = await startPostgres({ dataDir: dataDir && path.join(dataDir, 'postgres'), port: ports.postgres });
    started.push({ close: () => postgres.stop() });

    const supabase = await startSupabaseStandIn({
      port: ports.supabase,
      authDbUrl: postgres.urlFor('supabase_auth_admin'),
      restDbUrl: postgres.urlFor('authenticator'),
      keys,
      signingKey,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    });
    started.push(supabase);

    const polar = await startPolarStandIn({
      port: ports.polar,
      accessToken: POLAR_STAND_IN_TOKEN,
      webhookSecret,
      webhookScheme: options.webhookScheme ?? 'raw',
      webhookUrl: `${options.appUrl}${WEBHOOK_PATH}`,
      stateFile: dataDir && path.join(dataDir, 'polar-state.json'),
    });
    started.push(polar);

    return {
      dbUrl: postgres.url,
      supabaseUrl: supabase.url,
      polarUrl: polar.url,
      keys,
      signingKey,
      webhookSecret,
      appEnv: {
        NEXT_PUBLIC_SITE_URL: options.appUrl,
        NEXT_PUBLIC_SUPABASE_URL: supabase.url,
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: keys.publishableKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.secretKey,
        POLAR_ACCESS_TOKEN: POLAR_STAND_IN_TOKEN,
        POLAR_WEBHOOK_SECRET: webhookSecret,
        POLAR_SERVER: 'sandbox',
        POLAR_API_URL: polar.url,
      },
      postgres,
      supabase,
      polar,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
