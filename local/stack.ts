// The offline stack in one call: real PostgreSQL 17 with the project's migrations, the
// Supabase stand-in (Auth + PostgREST), the inbox it mails to, and the Polar, Stripe and Lemon
// Squeezy stand-ins. `npm run dev` and the tests
// both start it through here, and hand `stack.appEnv` to the Next app.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startPostgres, type RunningPostgres } from './db/postgres.ts';
import { createSigningKey, loadOrCreateSigningKey, localKeys, type LocalKeys, type SigningKey } from './keys.ts';
import { startMailInbox, type MailInbox } from './mail/index.ts';
import { freePort } from './net.ts';
import { startPolarStandIn, type PolarStandIn } from './polar/index.ts';
import { LEMONSQUEEZY_SEED_STORE_ID, startLemonSqueezyStandIn, type LemonSqueezyStandIn } from './lemonsqueezy/index.ts';
import { startStripeStandIn, type StripeStandIn } from './stripe/index.ts';
import { polarWebhookSecret } from './polar/webhook-secret.ts';
import { startSupabaseStandIn, type AuthModes, type SupabaseStandIn } from './supabase/index.ts';

/** The Supabase CLI's ports for the API, database and Mailpit, and one beside them for Polar. */
export const DEV_PORTS = { supabase: 54321, postgres: 54322, mail: 54324, polar: 54330, stripe: 54335, lemonsqueezy: 54336 } as const;

export const POLAR_STAND_IN_TOKEN = 'polar_oat_offline_stack_token';
const DEV_WEBHOOK_SECRET_SEED = 'OfflineStackWebhookSecretIsPublic2026';
export const WEBHOOK_PATH = '/api/webhooks/polar';
export const STRIPE_WEBHOOK_PATH = '/api/webhooks/stripe';
// Shaped like Stripe's (sk_test_…, whsec_…); public, like every offline key.
export const STRIPE_STAND_IN_KEY = 'sk_test_OfflineStackStripeKey2026';
const DEV_STRIPE_WEBHOOK_SECRET = 'whsec_OfflineStackStripeWebhookSecret2026';
export const LEMONSQUEEZY_WEBHOOK_PATH = '/api/webhooks/lemonsqueezy';
export const LEMONSQUEEZY_STAND_IN_KEY = 'offline-stack-lemonsqueezy-api-key-2026';
const DEV_LEMONSQUEEZY_WEBHOOK_SECRET = 'offline-stack-ls-signing-secret';
/**
 * Polar's benefit revocation grace period for the offline organization (Polar's default is 0),
 * and the app told the same (PAST_DUE_GRACE_DAYS): a failed renewal keeps access this long.
 */
export const OFFLINE_GRACE_DAYS = 7;

export interface StackOptions {
  /** Keeps the database, keys and Polar state between runs (dev); omitted → throwaway (tests). */
  dataDir?: string;
  /** Omitted ports are picked free. */
  ports?: Partial<Record<keyof typeof DEV_PORTS, number>>;
  /** Where the Next app listens: the site URL, and where Polar's webhooks go. */
  appUrl: string;
  /** How the Polar stand-in signs webhooks (see src/lib/polar); default: Standard Webhooks, as every endpoint created since 2026-09-08. */
  webhookScheme?: 'raw' | 'standard';
  accessTokenTtlSeconds?: number;
  /** Polar's per-minute API limit (sandbox: 100); default none, so test suites are not throttled. */
  polarRateLimitPerMinute?: number | null;
  /** Scales Polar's webhook retry schedule (4 s … 20 min); default 1, real time. */
  webhookRetryTimeFactor?: number;
  /**
   * Supabase Auth's modes; each can also be switched while the stack runs (supabase.setAuthModes).
   * Confirmations default to supabase/config.toml's; rate limits default off (`npm run dev` turns
   * them on); signing defaults to ES256 (HS256: a project on the legacy JWT secret).
   */
  auth?: AuthModes;
}

export interface Stack {
  dbUrl: string;
  supabaseUrl: string;
  /** The captured-mail inbox (Mailpit's API and a page to read mail in). */
  mailUrl: string;
  polarUrl: string;
  keys: LocalKeys;
  /** Signs user access tokens (tests mint expired or foreign tokens with it). */
  signingKey: SigningKey;
  webhookSecret: string;
  /** The Stripe stand-in's webhook signing secret. */
  stripeWebhookSecret: string;
  /** The Lemon Squeezy stand-in's webhook signing secret. */
  lemonSqueezyWebhookSecret: string;
  /** The environment the Next app needs to run against this stack. */
  appEnv: Record<string, string>;
  postgres: RunningPostgres;
  supabase: SupabaseStandIn;
  mail: MailInbox;
  polar: PolarStandIn;
  stripe: StripeStandIn;
  lemonSqueezy: LemonSqueezyStandIn;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const ports = {
    postgres: options.ports?.postgres ?? (await freePort()),
    supabase: options.ports?.supabase ?? (await freePort()),
    mail: options.ports?.mail ?? 0,
    polar: options.ports?.polar ?? (await freePort()),
    stripe: options.ports?.stripe ?? (await freePort()),
    lemonsqueezy: options.ports?.lemonsqueezy ?? (await freePort()),
  };
  const dataDir = options.dataDir;
  const keys = await localKeys();
  const signingKey = dataDir
    ? await loadOrCreateSigningKey(path.join(dataDir, 'signing-key.json'))
    : await createSigningKey();
  // Shaped like Polar's own secrets. A fixed one for dev (so a restarted stack still
  // verifies), a random one per test run.
  const webhookSecret = polarWebhookSecret(dataDir ? DEV_WEBHOOK_SECRET_SEED : undefined);
  const stripeWebhookSecret = dataDir ? DEV_STRIPE_WEBHOOK_SECRET : `whsec_${randomBytes(24).toString('hex')}`;
  // Lemon Squeezy's signing secrets are 6 to 40 characters the seller types.
  const lemonSqueezyWebhookSecret = dataDir ? DEV_LEMONSQUEEZY_WEBHOOK_SECRET : randomBytes(18).toString('hex');
  // The reconciler's cron secret: fixed (and public, like every offline key) in dev.
  const cronSecret = dataDir ? 'offline-stack-cron-secret-not-secret' : randomBytes(24).toString('hex');

  const started: Array<{ close(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.close().catch(() => {});
  };

  try {
    const postgres = await startPostgres({ dataDir: dataDir && path.join(dataDir, 'postgres'), port: ports.postgres });
    started.push({ close: () => postgres.stop() });

    const mail = await startMailInbox({ port: ports.mail, stateFile: dataDir && path.join(dataDir, 'mail.jsonl') });
    started.push(mail);

    const supabase = await startSupabaseStandIn({
      port: ports.supabase,
      authDbUrl: postgres.urlFor('supabase_auth_admin'),
      restDbUrl: postgres.urlFor('authenticator'),
      keys,
      signingKey,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      siteUrl: options.appUrl,
      mailer: mail,
      ...options.auth,
    });
    started.push(supabase);

    const polar = await startPolarStandIn({
      port: ports.polar,
      accessToken: POLAR_STAND_IN_TOKEN,
      webhookSecret,
      webhookScheme: options.webhookScheme ?? 'standard',
      webhookUrl: `${options.appUrl}${WEBHOOK_PATH}`,
      stateFile: dataDir && path.join(dataDir, 'polar-state.jsonl'),
      rateLimitPerMinute: options.polarRateLimitPerMinute ?? null,
      webhookRetryTimeFactor: options.webhookRetryTimeFactor,
    });
    started.push(polar);
    polar.setOrganizationSettings({ benefit_revocation_grace_period: OFFLINE_GRACE_DAYS });

    const stripe = await startStripeStandIn({
      port: ports.stripe,
      secretKey: STRIPE_STAND_IN_KEY,
      webhookSecret: stripeWebhookSecret,
      webhookUrl: `${options.appUrl}${STRIPE_WEBHOOK_PATH}`,
      stateFile: dataDir && path.join(dataDir, 'stripe-state.jsonl'),
      webhookRetryTimeFactor: options.webhookRetryTimeFactor,
    });
    started.push(stripe);

    const lemonSqueezy = await startLemonSqueezyStandIn({
      port: ports.lemonsqueezy,
      apiKey: LEMONSQUEEZY_STAND_IN_KEY,
      webhookSecret: lemonSqueezyWebhookSecret,
      webhookUrl: `${options.appUrl}${LEMONSQUEEZY_WEBHOOK_PATH}`,
      stateFile: dataDir && path.join(dataDir, 'lemonsqueezy-state.jsonl'),
      webhookRetryTimeFactor: options.webhookRetryTimeFactor,
    });
    started.push(lemonSqueezy);

    return {
      dbUrl: postgres.url,
      supabaseUrl: supabase.url,
      mailUrl: mail.url,
      polarUrl: polar.url,
      keys,
      signingKey,
      webhookSecret,
      stripeWebhookSecret,
      lemonSqueezyWebhookSecret,
      appEnv: {
        NEXT_PUBLIC_SITE_URL: options.appUrl,
        NEXT_PUBLIC_SUPABASE_URL: supabase.url,
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: keys.publishableKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.secretKey,
        POLAR_ACCESS_TOKEN: POLAR_STAND_IN_TOKEN,
        POLAR_WEBHOOK_SECRET: webhookSecret,
        POLAR_SERVER: 'sandbox',
        POLAR_API_URL: polar.url,
        CRON_SECRET: cronSecret,
        PAST_DUE_GRACE_DAYS: String(OFFLINE_GRACE_DAYS),
        STRIPE_SECRET_KEY: STRIPE_STAND_IN_KEY,
        STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
        STRIPE_API_URL: stripe.url,
        LEMONSQUEEZY_API_KEY: LEMONSQUEEZY_STAND_IN_KEY,
        LEMONSQUEEZY_STORE_ID: LEMONSQUEEZY_SEED_STORE_ID,
        LEMONSQUEEZY_WEBHOOK_SECRET: lemonSqueezyWebhookSecret,
        LEMONSQUEEZY_API_URL: lemonSqueezy.url,
      },
      postgres,
      supabase,
      mail,
      polar,
      stripe,
      lemonSqueezy,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
