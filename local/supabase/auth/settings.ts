// The Auth settings a running stand-in goes by. They start from supabase/config.toml (as
// `supabase start` does) and the stand-in's options; confirmations, the email link style and
// rate limits can also be switched at runtime, which is how tests exercise each mode on one
// stack (tests/fixtures/stack-control.ts).
import type { AuthProjectConfig, RateLimitConfig } from '../project-config.ts';

/**
 * How the confirmation email links back: `verify` is GoTrue's default template
 * ({{ .ConfirmationURL }} → GET /verify → redirect_to?code=…), `token_hash` the template in
 * supabase/templates/ that links straight to the app's /auth/confirm with the token hash.
 */
export type EmailLinks = 'verify' | 'token_hash';

export interface AuthSwitches {
  /** `[auth.email] enable_confirmations`: sign-up answers no session until the link is followed. */
  confirmations?: boolean;
  emailLinks?: EmailLinks;
  /** true: config.toml's `[auth.rate_limit]`; an object: those numbers over config.toml's; false: off. */
  rateLimits?: boolean | Partial<RateLimitConfig>;
}

export interface AuthSettings {
  siteUrl: string;
  redirectAllowList: string[];
  maxFrequencySeconds: number;
  otpExpirySeconds: number;
  otpLength: number;
  confirmations: boolean;
  emailLinks: EmailLinks;
  /** Undefined when rate limiting is off. */
  rateLimits: RateLimitConfig | undefined;
  /** From config.toml, for `rateLimits: true`. */
  projectRateLimits: RateLimitConfig;
  /** config.toml's own confirmation template file, when it names one. */
  confirmationTemplateFile: string | undefined;
}

export function resolveRateLimits(value: AuthSwitches['rateLimits'], project: RateLimitConfig): RateLimitConfig | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? { ...project } : { ...project, ...value };
}

export function createAuthSettings(config: AuthProjectConfig, options: AuthSwitches & { siteUrl?: string }): AuthSettings {
  return {
    siteUrl: options.siteUrl ?? config.siteUrl,
    redirectAllowList: config.additionalRedirectUrls,
    maxFrequencySeconds: config.maxFrequencySeconds,
    otpExpirySeconds: config.otpExpirySeconds,
    otpLength: config.otpLength,
    confirmations: options.confirmations ?? config.enableConfirmations,
    emailLinks: options.emailLinks ?? 'verify',
    rateLimits: resolveRateLimits(options.rateLimits, config.rateLimits),
    projectRateLimits: config.rateLimits,
    confirmationTemplateFile: config.confirmationTemplateFile,
  };
}
