// POST /v1/customer-sessions/ (server/polar/customer_session/endpoints.py): a portal link for
// one customer, by id or external id. An unknown customer is a 422, not a 404.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { scoped } from '../api-guard.ts';
import type { StandInContext } from '../context.ts';
import { validationError } from '../errors.ts';
import { sessionJson } from '../wire.ts';
import { parseJsonBody } from './request-body.ts';

const SESSION_TTL_MS = 60 * 60 * 1000;

const sessionCreate = z.union([
  z.object({ customer_id: z.string(), return_url: z.string().nullish() }),
  z.object({ external_customer_id: z.string(), return_url: z.string().nullish() }),
]);

export function registerCustomerSessionApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;

  app.post('/v1/customer-sessions', scoped('customer_sessions', 'write'), async (c) => {
    const parsed = await parseJsonBody(c, sessionCreate);
    if (!parsed.ok) return parsed.response;
    const body = parsed.value;
    const [field, value] = 'customer_id' in body ? ['customer_id', body.customer_id] : ['external_customer_id', body.external_customer_id];
    const found = 'customer_id' in body ? store.customers.get(body.customer_id) : store.customerByExternalId(value);
    const customer = found && !found.deleted_at ? found : undefined;
    if (!customer) return validationError(c, [{ loc: ['body', field], msg: 'Customer does not exist.', type: 'value_error', input: value }], 'PolarRequestValidationError');
    const now = ctx.clock.now();
    const session = store.sessions.put({
      id: randomUUID(),
      token: `polar_cst_${randomBytes(24).toString('base64url')}`,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
      return_url: body.return_url ?? null,
      customer_id: customer.id,
    });
    return c.json(sessionJson(store, session, ctx.publicUrl()), 201);
  });
}
