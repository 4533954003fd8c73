// The one description of the app's environment. Every variable is validated here, once; a
// missing or malformed value stops the app with its name and the expected shape.
import { z } from 'zod';

const httpUrl = (example: string) =>
  z
    .url({ protocol: /^https?$/, error: `must be an http(s) URL, e.g. ${example}` })
    .transform((value) => value.replace(/\/+$/, ''));

const nonEmpty = (example: string) =>
  z.string({ error: `is required, e.g. ${example}` }).trim().min(1, `must not be empty, e.g. ${example}`);

/** Safe to ship to the browser: inlined into the client bundle by Next. */
export const publicEnvSchema = z.object({
  NEXT_PUBLIC_SITE_URL: httpUrl('http://localhost:3000'),
  NEXT_PUBLIC_SUPABASE_URL: httpUrl('https://<project-ref>.supabase.co'),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: nonEmpty('sb_publishable_… or the legacy anon JWT'),
});

/**
 * A throttle as `<count>/<seconds>`: at most `count` requests in any `seconds` (a sliding
 * window, counted in Postgres: see supabase/migrations/*_rate_limits.sql).
 */
const rateLimit = (count: number, seconds: number) =>
  z
    .string()
    .regex(/^\d{1,5}\/\d{1,6}$/, `must be <count>/<seconds>, e.g. ${count}/${seconds}`)
    .transform((value) => {
      const [limit, windowSeconds] = value.split('/').map(Number) as [number, number];
      return { limit, windowSeconds };
    })
    .refine(({ limit, windowSeconds }) => limit >= 1 && limit <= 10_000 && windowSeconds >= 1 && windowSeconds <= 604_800, {
      error: 'must be 1–10000 requests per 1–604800 seconds',
    })
    .default({ limit: count, windowSeconds: seconds });

/** Server-only secrets and settings. */
export const serverEnvSchema = z.object({
  SUPABASE_SERVICE_ROLE_KEY: nonEmpty('sb_secret_… or the legacy service_role JWT'),
  // Polar's keys: required with PAYMENT_PROVIDER=polar (the default), else all three or none.
  POLAR_ACCESS_TOKEN: nonEmpty('polar_oat_… (an organization access token)').optional(),
  POLAR_WEBHOOK_SECRET: nonEmpty('whsec_… (from the webhook endpoint settings)').optional(),
  // Explicit on purpose: a sandbox token sent to production (or the reverse) is a 401, and
  // NODE_ENV says nothing about which Polar environment a deployment bills against.
  POLAR_SERVER: z.enum(['sandbox', 'production'], { error: 'must be "sandbox" or "production"' }).optional(),
  // Only the offline stack sets this: the base URL of the Polar stand-in. Unset → real Polar.
  POLAR_API_URL: httpUrl('http://127.0.0.1:54331').optional(),
  // Upper bound for any call to Polar; past it the portal and checkout answer 502.
  POLAR_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds, e.g. 10000' }).int().min(100).max(60_000).default(10_000),
  // How long the product list (pricing, checkout validation) is reused before Polar is asked again.
  POLAR_PRODUCTS_CACHE_SECONDS: z.coerce.number({ error: 'must be a number of seconds, e.g. 60' }).int().min(0).max(86_400).default(60),
  // Upper bound for any call to Supabase (Auth, PostgREST) from the server and middleware.
  SUPABASE_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds, e.g. 8000' }).int().min(100).max(60_000).default(8_000),
  // Which provider bills (README → Payment providers). GET /api/portal, the reconciler and the
  // Polar webhook are Polar's whichever bills: without Polar's keys they answer 404.
  PAYMENT_PROVIDER: z.enum(['polar', 'stripe', 'lemonsqueezy'], { error: 'must be "polar", "stripe" or "lemonsqueezy"' }).default('polar'),
  // Stripe (PAYMENT_PROVIDER=stripe): a secret or restricted key, the webhook endpoint's signing secret.
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w{8,}$/, 'must be a Stripe secret key, e.g. sk_test_… or rk_live_…').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w{8,}$/, 'must be the endpoint signing secret, e.g. whsec_…').optional(),
  // Only the offline stack sets this: the base URL of the Stripe stand-in. Unset → api.stripe.com.
  STRIPE_API_URL: httpUrl('http://127.0.0.1:54335').optional(),
  // Lemon Squeezy (PAYMENT_PROVIDER=lemonsqueezy): an API key, the store, the webhook's signing secret.
  LEMONSQUEEZY_API_KEY: z.string().trim().min(20, 'must be a Lemon Squeezy API key (Settings → API)').optional(),
  LEMONSQUEEZY_STORE_ID: z.string().regex(/^\d{1,12}$/, 'must be the numeric store id, e.g. 12345').optional(),
  LEMONSQUEEZY_WEBHOOK_SECRET: z.string().min(6, 'must be the webhook signing secret (6 to 40 characters)').max(40, 'must be the webhook signing secret (6 to 40 characters)').optional(),
  // Only the offline stack sets this: the base URL of the Lemon Squeezy stand-in. Unset → api.lemonsqueezy.com.
  LEMONSQUEEZY_API_URL: httpUrl('http://127.0.0.1:54336').optional(),
  // Polar's "benefit revocation grace period" (organization settings → Subscriptions), as set
  // there: how many days a subscription whose renewal failed keeps its benefits. Polar decides
  // access; the app only says until when (the past-due banner). Polar's default is 0.
  PAST_DUE_GRACE_DAYS: z.coerce.number({ error: 'must be a whole number of days, e.g. 7' }).int().min(0).max(365).default(0),

  // Where the client's address comes from. Unset: the connection itself (`npm start` drops any
  // client-sent X-Forwarded-For, so Next fills it from the socket). Behind a proxy, the header
  // that proxy overwrites: `x-real-ip` on Vercel; `x-forwarded-for` with CLIENT_IP_HOPS = the
  // number of proxies you run in front of the app (the address that many places from the right).
  CLIENT_IP_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name, e.g. x-real-ip')
    .transform((name) => name.toLowerCase())
    .optional(),
  CLIENT_IP_HOPS: z.coerce.number({ error: 'must be a whole number, e.g. 1' }).int().min(1).max(10).default(1),

  // Throttles (see README, Security). Sign-in and reset are counted per client address and per
  // account (the email as typed, case-folded); sign-up per address; billing calls per user.
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: rateLimit(10, 300),
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT: rateLimit(5, 300),
  RATE_LIMIT_SIGN_UP_PER_ADDRESS: rateLimit(5, 3600),
  RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS: rateLimit(5, 3600),
  RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: rateLimit(3, 3600),
  RATE_LIMIT_PORTAL_PER_USER: rateLimit(10, 60),
  RATE_LIMIT_CHECKOUT_PER_USER: rateLimit(10, 600),
  RATE_LIMIT_SUBSCRIPTION_CHANGES_PER_USER: rateLimit(10, 600),

  // The reconciler (README, Convergence). CRON_SECRET authorises POST/GET /api/cron/reconcile
  // (the Vercel Cron convention: `Authorization: Bearer <CRON_SECRET>`); unset, the route
  // refuses every call.
  CRON_SECRET: z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)').optional(),
  // How long one run may work before it saves its cursor and stops (the cron route's function
  // must be allowed longer).
  RECONCILE_BUDGET_SECONDS: z.coerce.number({ error: 'must be a number of seconds, e.g. 50' }).int().min(5).max(3_600).default(50),
  // Polar calls per minute the reconciler may make; default 80 % of Polar's limit for POLAR_SERVER
  // (100 in sandbox, 500 in production), leaving the rest to users.
  RECONCILE_POLAR_CALLS_PER_MINUTE: z.coerce.number({ error: 'must be a whole number, e.g. 80' }).int().min(1).max(10_000).optional(),
  // Run even when another variable is bad, so that one error names every missing key.
}).superRefine(requireProviderKeys, { when: () => true });

const POLAR_KEYS = ['POLAR_ACCESS_TOKEN', 'POLAR_WEBHOOK_SECRET', 'POLAR_SERVER'] as const;
const PROVIDER_KEYS = {
  polar: POLAR_KEYS,
  stripe: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
  lemonsqueezy: ['LEMONSQUEEZY_API_KEY', 'LEMONSQUEEZY_STORE_ID', 'LEMONSQUEEZY_WEBHOOK_SECRET'],
} as const;
const POLAR_EXAMPLES: Record<(typeof POLAR_KEYS)[number], string> = {
  POLAR_ACCESS_TOKEN: 'e.g. polar_oat_… (an organization access token)',
  POLAR_WEBHOOK_SECRET: 'e.g. whsec_… (from the webhook endpoint settings)',
  POLAR_SERVER: '"sandbox" or "production"',
};

/**
 * The selected provider's keys are required; the other providers' are optional, except that
 * Polar's come all three or none (a token without its webhook secret would sync nothing).
 */
export function requireProviderKeys(env: Partial<Record<string, unknown>>, ctx: z.RefinementCtx): void {
  const provider = env.PAYMENT_PROVIDER;
  if (provider !== 'polar' && provider !== 'stripe' && provider !== 'lemonsqueezy') return; // its own error says why
  // A key refused for its shape still holds what was given, so it is not also reported missing.
  const missing = (name: string) => env[name] === undefined;
  const example = (name: string) => (name in POLAR_EXAMPLES ? `, ${POLAR_EXAMPLES[name as keyof typeof POLAR_EXAMPLES]}` : '');
  for (const name of PROVIDER_KEYS[provider]) {
    if (missing(name)) ctx.addIssue({ code: 'custom', path: [name], message: `is required when PAYMENT_PROVIDER=${provider}${example(name)}` });
  }
  const polarSet = POLAR_KEYS.filter((name) => !missing(name));
  if (provider !== 'polar' && polarSet.length > 0 && polarSet.length < POLAR_KEYS.length) {
    for (const name of POLAR_KEYS.filter(missing)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `is required with ${polarSet.join(' and ')}: set all three Polar variables, or none` });
    }
  }
}

export type PublicEnv = z.infer<typeof publicEnvSchema>;
export type ServerEnv = z.infer<typeof serverEnvSchema>;

type Source = Record<string, string | undefined>;

/** Parses `source` against `schema`, or throws one error listing every bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Source): z.infer<S> {
  // Empty strings are "unset": a blank line in .env.local must not pass as a value.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')} ${issue.message}`);
  throw new Error(`Invalid environment variables:\n${lines.join('\n')}\nSee .env.local.example.`);
}
