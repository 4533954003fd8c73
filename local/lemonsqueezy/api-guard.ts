// What stands in front of every /v1 call: the request is counted and maybe broken on purpose
// (tests), then its API key is checked ("Authorization: Bearer {api_key}"; "Unauthenticated
// requests will receive a 401 Unauthorized response", docs.lemonsqueezy.com/api), then the
// JSON:API headers, which "must be included with all requests to the API": `Accept` must name
// application/vnd.api+json (406 otherwise) and `Content-Type` must be it (415 otherwise) — on
// every request, bodiless GETs too, as the reference says and the client always sends
// (the answers follow jsonapi.org/format/#content-negotiation-servers).
import type { MiddlewareHandler } from 'hono';
import type { Faults } from '../kit/faults.ts';
import { createRequestGuard, type RequestGuard } from '../kit/request-guard.ts';
import { errorObject, errorResponse, faultResponse, unauthenticated } from './errors.ts';

export type { Faults };

export const JSON_API = 'application/vnd.api+json';

export interface ApiGuard extends Omit<RequestGuard, 'admit'> {
  middleware: MiddlewareHandler;
}

/** The media types an Accept header lists, parameters dropped. */
const mediaTypes = (header: string) => header.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());

export function createApiGuard(apiKey: string): ApiGuard {
  const { admit, ...controls } = createRequestGuard(faultResponse);

  const middleware: MiddlewareHandler = async (c, next) => {
    const injected = await admit(c);
    if (injected) return injected;

    const key = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (key !== apiKey) return unauthenticated(c);

    if (!mediaTypes(c.req.header('accept') ?? '').includes(JSON_API)) {
      return errorResponse(c, 406, [errorObject(406, `The requested resource is capable of generating only content not acceptable according to the Accept headers sent in the request (send Accept: ${JSON_API}).`)]);
    }
    if (c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() !== JSON_API) {
      return errorResponse(c, 415, [errorObject(415, `The request entity has a media type which the server or resource does not support (send Content-Type: ${JSON_API}).`)]);
    }
    await next();
  };

  return { middleware, ...controls };
}
