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

/** Server-only secrets and settings. */
export const serverEnvSchema = z.object({
  SUPABASE_SERVICE_ROLE_KEY: nonEmpty('sb_secret_… or the legacy service_role JWT'),
  POLAR_ACCESS_TOKEN: nonEmpty('polar_oat_… (an organization access token)'),
  POLAR_WEBHOOK_SECRET: nonEmpty('whsec_… (from the webhook endpoint settings)'),
  // Explicit on purpose: a sandbox token sent to production (or the reverse) is a 401, and
  // NODE_ENV says nothing about which Polar environment a deployment bills against.
  POLAR_SERVER: z.enum(['sandbox', 'production'], { error: 'must be "sandbox" or "production"' }),
  // Only the offline stack sets this: the base URL of the Polar stand-in. Unset → real Polar.
  POLAR_API_URL: httpUrl('http://127.0.0.1:54331').optional(),
  // Upper bound for any call to Polar; past it the portal and checkout answer 502.
  POLAR_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds, e.g. 10000' }).int().min(100).max(60_000).default(10_000),
  // Upper bound for any call to Supabase (Auth, PostgREST) from the server and middleware.
  SUPABASE_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds, e.g. 8000' }).int().min(100).max(60_000).default(8_000),
  PAYMENT_PROVIDER: z.enum(['polar'], { error: 'must be "polar" (the only adapter so far)' }).default('polar'),
});

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
