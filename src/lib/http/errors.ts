// The one error vocabulary of the API routes: every failure a route can answer is an ApiError
// with a status and a public message; anything else is a 500 whose cause is logged, never sent.
import type { NextResponse } from 'next/server';
import { logError } from '@/lib/log';
import { errorResponse } from './responses';

export class ApiError extends Error {
  readonly status: number;
  /** Sent with the answer: Retry-After on a 429 or a 503. */
  readonly headers: Record<string, string>;

  constructor(status: number, publicMessage: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(publicMessage, options);
    this.name = 'ApiError';
    this.status = status;
    this.headers = options?.headers ?? {};
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const unauthorized = () => new ApiError(401, 'Unauthorized');
export const forbidden = (message = 'Forbidden') => new ApiError(403, message);
/** A charge the request needs was declined: the user has to update their payment method. */
export const paymentRequired = (message: string, cause?: unknown) => new ApiError(402, message, { cause });
export const notFound = (message: string) => new ApiError(404, message);
/** The request makes no sense in the resource's current state (same plan, nothing to undo). */
export const conflict = (message: string, cause?: unknown) => new ApiError(409, message, { cause });
export const payloadTooLarge = () => new ApiError(413, 'Payload too large');
/** Over a throttle: the caller may try again after `retryAfterSeconds`. */
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(429, 'Too many requests', { headers: { 'Retry-After': String(retryAfterSeconds) } });
/** An upstream (Polar) failure or timeout: logged with its cause, answered without it. */
export const badGateway = (cause: unknown) => new ApiError(502, 'Something went wrong', { cause });
/** A provider failure as the route answers it: an ApiError already says how; anything else is a 502. */
export const upstreamFailure = (error: unknown) => (error instanceof ApiError ? error : badGateway(error));
/** The upstream is over its limit or down for now: the client may try again after `retryAfterSeconds`. */
export const serviceUnavailable = (message: string, retryAfterSeconds: number, cause?: unknown) =>
  new ApiError(503, message, { cause, headers: { 'Retry-After': String(retryAfterSeconds) } });

export interface RouteErrorOptions {
  /** The route's documented body for an unexpected failure. */
  internalMessage?: string;
  /** For contracts that document no 502: answer upstream failures as the internal error. */
  upstreamAsInternal?: boolean;
}

/** Maps anything a route threw to its JSON answer; causes of 5xx are logged, never sent. */
export function handleRouteError(error: unknown, context: string, options: RouteErrorOptions = {}): NextResponse {
  const internalMessage = options.internalMessage ?? 'Something went wrong';
  if (error instanceof ApiError) {
    if (error.status < 500) return errorResponse(error.status, error.message, error.headers);
    logError(context, error.cause ?? error);
    if (error.status === 502 && options.upstreamAsInternal) return errorResponse(500, internalMessage);
    return errorResponse(error.status, error.message, error.headers);
  }
  logError(context, error);
  return errorResponse(500, internalMessage);
}
