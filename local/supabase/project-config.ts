// The project's Auth settings as `supabase start` hands them to GoTrue, read from
// supabase/config.toml (supabase/cli apps/cli-go/internal/start/start.go buildGotrueEnv): the
// stand-in starts from the same file, so changing a setting there changes both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';

const CONFIG_FILE = path.resolve(import.meta.dirname, '../../supabase/config.toml');

/** `[auth.rate_limit]`: requests per 5 minutes per client (emails: per hour, for the whole project). */
export interface RateLimitConfig {
  signInSignUps: number;
  tokenRefresh: number;
  tokenVerifications: number;
  emailSent: number;
}

export interface AuthProjectConfig {
  siteUrl: string;
  additionalRedirectUrls: string[];
  jwtExpirySeconds: number;
  minimumPasswordLength: number;
  refreshTokenReuseIntervalSeconds: number;
  /** `[auth.email] enable_confirmations`; GoTrue's MAILER_AUTOCONFIRM is its negation. */
  enableConfirmations: boolean;
  maxFrequencySeconds: number;
  otpExpirySeconds: number;
  otpLength: number;
  rateLimits: RateLimitConfig;
  /** `[auth.email.template.confirmation] content_path`, resolved; undefined = GoTrue's default. */
  confirmationTemplateFile?: string;
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});
const num = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

/** Go's time.ParseDuration for the forms config.toml uses ("1s", "1m30s", "1h"); seconds. */
export function goDurationSeconds(value: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) throw new Error(`not a duration: "${value}"`);
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit!]!, 0);
}

export function loadProjectConfig(file = CONFIG_FILE): AuthProjectConfig {
  const auth = table(parse(readFileSync(file, 'utf8')).auth);
  const email = table(auth.email);
  const limits = table(auth.rate_limit);
  const confirmation = table(table(email.template).confirmation);
  return {
    siteUrl: typeof auth.site_url === 'string' ? auth.site_url : 'http://127.0.0.1:3000',
    additionalRedirectUrls: Array.isArray(auth.additional_redirect_urls) ? auth.additional_redirect_urls.map(String) : [],
    jwtExpirySeconds: num(auth.jwt_expiry, 3600),
    minimumPasswordLength: num(auth.minimum_password_length, 6),
    refreshTokenReuseIntervalSeconds: num(auth.refresh_token_reuse_interval, 10),
    // The CLI's defaults when a key is absent (pkg/config/config.go).
    enableConfirmations: email.enable_confirmations === true,
    maxFrequencySeconds: goDurationSeconds(typeof email.max_frequency === 'string' ? email.max_frequency : '1s'),
    otpExpirySeconds: num(email.otp_expiry, 3600),
    otpLength: num(email.otp_length, 6),
    rateLimits: {
      signInSignUps: num(limits.sign_in_sign_ups, 30),
      tokenRefresh: num(limits.token_refresh, 150),
      tokenVerifications: num(limits.token_verifications, 30),
      emailSent: num(limits.email_sent, 2),
    },
    // content_path is relative to the project root (the CLI resolves it from there).
    confirmationTemplateFile:
      typeof confirmation.content_path === 'string' ? path.resolve(path.dirname(file), '..', confirmation.content_path) : undefined,
  };
}
