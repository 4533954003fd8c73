// Stripe's idempotent requests (docs.stripe.com/api/idempotent_requests): a POST's
// Idempotency-Key saves the first answer for 24 hours and replays it, status and body, for a
// retry with the same parameters; the same key with other parameters is refused
// (idempotency_error), and one still being executed answers 409. Results are saved only once
// the endpoint started executing: an answer refused in validation (4xx) is not, so a corrected
// retry under the same key runs. stripe-node keys every POST (RequestSender.js), so every write
// passes here. Kept in memory: a restart forgets keys, as a key's 24 hours would.
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../kit/clock.ts';
import { errorResponse } from './errors.ts';

const WINDOW_MS = 24 * 3_600_000;

interface Saved {
  fingerprint: string;
  at: number;
  answer?: { status: number; body: string; contentType: string };
}

export function createIdempotency(clock: Clock): MiddlewareHandler {
  const saved = new Map<string, Saved>();

  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    const now = clock.now().getTime();
    for (const [k, entry] of saved) if (now - entry.at > WINDOW_MS) saved.delete(k);

    const fingerprint = `${c.req.method} ${c.req.path}\n${[...new URLSearchParams(await c.req.text())].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
    const entry = saved.get(key);
    if (entry && entry.fingerprint !== fingerprint) {
      return errorResponse(c, 400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (entry && !entry.answer) {
      return errorResponse(c, 409, { type: 'invalid_request_error', code: 'idempotency_key_in_use', message: 'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through). Please try again later.' });
    }
    if (entry?.answer) {
      return new Response(entry.answer.body, { status: entry.answer.status, headers: { 'content-type': entry.answer.contentType, 'idempotent-replayed': 'true', 'idempotency-key': key } });
    }

    saved.set(key, { fingerprint, at: now });
    try {
      await next();
    } finally {
      const status = c.res.status;
      if (status >= 400 && status < 500) saved.delete(key);
      else saved.set(key, { fingerprint, at: now, answer: { status, body: await c.res.clone().text(), contentType: c.res.headers.get('content-type') ?? 'application/json' } });
    }
    c.res.headers.set('idempotency-key', key);
  };
}
