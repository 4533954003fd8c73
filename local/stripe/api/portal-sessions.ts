// Customer portal sessions (docs.stripe.com/api/customer_portal/sessions/create): `customer`
// is required and must exist; the answer's `url` is the stand-in's portal page for it.
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { StripeContext } from '../context.ts';
import { noSuch } from '../errors.ts';
import { newId, unixSeconds } from '../ids.ts';
import { EXPAND, required, str, type Fields } from '../params.ts';
import { expansions, paramsOf } from '../request.ts';
import { portalSessionJson } from '../wire.ts';
import { checkUrl } from './checkout-sessions.ts';

const CREATE: Fields = { ...EXPAND, customer: required(str()), return_url: str() };

// The account's one (default) portal configuration.
const CONFIGURATION_ID = 'bpc_StandInDefaultConfiguration';

export const portalUrl = (ctx: StripeContext, token: string) => `${ctx.publicUrl()}/p/session/${token}`;

export function registerPortalSessionApi(app: Hono, ctx: StripeContext): void {
  app.post('/v1/billing_portal/sessions', async (c) => {
    const params = await paramsOf<{ expand?: string[]; customer: string; return_url?: string }>(c, CREATE);
    expansions(params.expand, []);
    if (!ctx.store.customers.has(params.customer)) throw noSuch('customer', params.customer, 'customer');
    if (params.return_url !== undefined) checkUrl(params.return_url, 'return_url');
    const now = ctx.clock.now();
    const session = ctx.store.portalSessions.put({
      id: newId('bps'),
      order: now.getTime(),
      created: unixSeconds(now),
      customer: params.customer,
      return_url: params.return_url ?? null,
      configuration: CONFIGURATION_ID,
      token: randomBytes(24).toString('base64url'),
    });
    return c.json(portalSessionJson(session, portalUrl(ctx, session.token)));
  });
}
