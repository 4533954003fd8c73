// GoTrue's error vocabulary and its two wire formats (supabase/auth internal/api/errors.go
// handleResponseErrorHTTP): a caller that sends X-Supabase-Api-Version >= 2024-01-01 (auth-js
// always does) gets `{code, message}`, anyone else the legacy `{code: <status>, error_code, msg}`.
// auth-js reads `code` only when the response carries X-Supabase-Api-Version, so every auth
// response has that header (see apiVersionHeader).
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const API_VERSION = '2024-01-01';

export const apiVersionHeader: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('X-Supabase-Api-Version', API_VERSION);
};

/** Thrown by auth helpers; turned into a response by `authErrorResponse`. */
export class AuthError extends Error {
  status: number;
  errorCode: string;
  extra: Record<string, unknown>;
  constructor(status: number, errorCode: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.extra = extra;
  }
}

export function authErrorResponse(c: Context, error: AuthError): Response {
  const asked = c.req.header('X-Supabase-Api-Version') ?? '';
  const versioned = /^2\d{3}-\d{2}-\d{2}$/.test(asked) && asked >= API_VERSION;
  const body = versioned
    ? { code: error.errorCode, message: error.message, ...error.extra }
    : { code: error.status, error_code: error.errorCode, msg: error.message, ...error.extra };
  c.header('X-Supabase-Api-Version', API_VERSION);
  // Always set, whichever format the body has; no Retry-After, even on a 429 (GoTrue sets none).
  c.header('x-sb-error-code', error.errorCode);
  return c.json(body, error.status as ContentfulStatusCode);
}

export const invalidCredentials = () => new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
export const notAdmin = () => new AuthError(403, 'not_admin', 'User not allowed');
export const userNotFound = () => new AuthError(404, 'user_not_found', 'User not found');
export const badJwt = (detail: string) =>
  new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${detail}`);

export function weakPassword(minimum: number): AuthError {
  const message = `Password should be at least ${minimum} characters.`;
  return new AuthError(422, 'weak_password', message, { weak_password: { reasons: ['length'], message } });
}

export function validationFailed(message: string): AuthError {
  return new AuthError(400, 'validation_failed', message);
}

/** Parses a JSON body; GoTrue answers 400 bad_json when it cannot. */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the GoTrue error below
  }
  throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
