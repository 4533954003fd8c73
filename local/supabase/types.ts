import type { JWTPayload } from 'jose';
import type { LocalKeys, SigningKey } from '../keys.ts';
import type { MailSink } from '../mail/index.ts';
import type { RateLimits } from './auth/rate-limits.ts';
import type { AuthSettings } from './auth/settings.ts';
import type { Sql } from './db.ts';
import type { TokenService } from './tokens.ts';

export type { Sql, TransactionSql } from './db.ts';

export interface Claims extends JWTPayload {
  role?: string;
  session_id?: string;
  email?: string;
}

/** What every route handler may need; `url()` is known only once the server listens. */
export interface StandInContext {
  url(): string;
  keys: LocalKeys;
  signingKey: SigningKey;
  tokens: TokenService;
  authSql: Sql;
  restSql: Sql;
  accessTokenTtlSeconds: number;
  minimumPasswordLength: number;
  refreshTokenReuseIntervalSeconds: number;
  /** Mutable: tests switch confirmations, link style and rate limits while the stand-in runs. */
  auth: AuthSettings;
  limits: RateLimits;
  /** Where mail goes (the inbox); none: mail is dropped, like GoTrue without SMTP. */
  mailer?: MailSink;
}

/** Hono variables set by the gateway: the bearer token after Kong-style key mapping. */
export interface AppEnv {
  Variables: { bearer: string };
}
