// The one error vocabulary of the API routes: every failure a route can answer is an ApiError
// with a status and a public message; anything else is a 500 whose cause is logged, never sent.
import type { NextResponse } from 'next/server';
import { logError } from '@/lib/log';
import { errorResponse } from './responses';

export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, publicMessage: string, options?: { cause?: unknown }) {
    super(publicMessage, options);
    this.name = 'ApiError';
    this.status = status;
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const unauthorized = () => new ApiError(401, 'Unauthorized');
export const forbidden = (message = 'Forbidden') => new ApiError(403, message);
export const notFound = (message: string) => new ApiError(404, message);
export const payloadTooLarge = () => new ApiError(413, 'Payload too large');
/** An upstream (Polar) failure or timeout: logged with its cause, answered without it. */
export const badGateway = (cause: unknown) => new ApiError(502, 'Something went wrong', { cause });

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
    if (error.status < 500) return errorResponse(error.status, error.message);
    logError(context, error.cause ?? error);
    if (error.status === 502 && options.upstreamAsInternal) return errorResponse(500, internalMessage);
    return errorResponse(error.status, error.message);
  }
  logError(context, error);
  return errorResponse(500, internalMessage);
}
