// What a failed Polar call means for the person waiting, and what the log says about it. Two
// failures deserve their own answer: Polar's rate limit (the organization's budget, shared by
// every user: 503 with Retry-After, so clients back off) and a token without the scope an
// endpoint needs (a deployment mistake: the log names the scope, the user gets a plain 502).
import { PolarClientError, PolarRateLimitError } from 'polar-sdk-v1';
import { ApiError, badGateway, serviceUnavailable } from '@/lib/http/errors';

/** One call the app makes, and the token scope Polar checks for it (each server/polar module's auth.py). */
export interface PolarCall {
  what: string;
  scope: string;
}

/** What Polar answered, however the answer was observed (an sdk error, or the fetch itself). */
export interface PolarAnswer {
  status: number;
  retryAfter?: string | null;
  body?: unknown;
  /** The answer's Date header: when Polar answered, by Polar's clock, in whole seconds. */
  date?: string | null;
}

/** Polar answers 429 with `Retry-After: 60` (its whole window); anything unreadable counts as that. */
const retryAfterSeconds = (value: string | number | null | undefined) => {
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds > 0 && seconds <= 3600 ? seconds : 60;
};

const isInsufficientScope = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body ?? '')).includes('insufficient_scope');

/** The ApiError for an answer Polar gave to `call`, or null when it is no error at all. */
export function polarAnswerFailure(answer: PolarAnswer, call: PolarCall, cause?: unknown): ApiError | null {
  if (answer.status < 400) return null;
  if (answer.status === 429) {
    const seconds = retryAfterSeconds(answer.retryAfter);
    const reason = new Error(`Polar's rate limit was reached (HTTP 429, retry after ${seconds} s) during ${call.what}`, { cause });
    return serviceUnavailable('Billing is busy right now. Please try again in a minute.', seconds, reason);
  }
  if (answer.status === 403 && isInsufficientScope(answer.body)) {
    return badGateway(new Error(`The Polar access token lacks the ${call.scope} scope needed for ${call.what} (HTTP 403 insufficient_scope)`, { cause }));
  }
  if (answer.status === 401) {
    return badGateway(new Error(`Polar refused the access token during ${call.what} (HTTP 401): check POLAR_ACCESS_TOKEN and POLAR_SERVER`, { cause }));
  }
  return badGateway(new Error(`Polar answered HTTP ${answer.status} to ${call.what}`, { cause }));
}

/** Maps anything our own client threw during `call` to the ApiError the route answers. */
export function polarFailure(error: unknown, call: PolarCall): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof PolarRateLimitError) return polarAnswerFailure({ status: 429, retryAfter: error.retryAfter === null ? null : String(error.retryAfter) }, call, error)!;
  if (error instanceof PolarClientError) return polarAnswerFailure({ status: error.statusCode, body: error.error }, call, error)!;
  return badGateway(error);
}
