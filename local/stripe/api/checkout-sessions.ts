// Checkout Sessions in subscription mode (docs.stripe.com/api/checkout/sessions/create): the
// hosted page's URL to send the buyer to, and the session to read back after the redirect.
import type { Hono } from 'hono';
import type { StripeContext } from '../context.ts';
import { invalidRequest, noSuch } from '../errors.ts';
import { newId, unixSeconds } from '../ids.ts';
import { applyMetadata, EXPAND, int, list, metadata, obj, required, str, type Fields, type MetadataChange } from '../params.ts';
import { expansions, paramsOf } from '../request.ts';
import type { CheckoutSessionRecord } from '../types.ts';
import { checkoutSessionJson, customerJson, subscriptionJson } from '../wire.ts';
import { checkEmail } from './customers.ts';

const CREATE: Fields = {
  ...EXPAND,
  mode: required(str(['payment', 'setup', 'subscription'])),
  line_items: list(obj({ price: required(str()), quantity: required(int(1)) })),
  success_url: str(),
  cancel_url: str(),
  client_reference_id: str(),
  customer: str(),
  customer_email: str(),
  metadata: metadata(),
  subscription_data: obj({ metadata: metadata() }),
  ui_mode: str(['elements', 'embedded_page', 'form', 'hosted_page']),
};

interface CreateParams {
  expand?: string[];
  mode: string;
  line_items?: Array<{ price: string; quantity: number }>;
  success_url?: string;
  cancel_url?: string;
  client_reference_id?: string;
  customer?: string;
  customer_email?: string;
  metadata?: MetadataChange;
  subscription_data?: { metadata?: MetadataChange };
  ui_mode?: string;
}

const SESSION_LIFETIME_S = 24 * 3600;
const EXPANDABLE = ['customer', 'subscription'] as const;

export function checkUrl(url: string, param: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw invalidRequest('Not a valid URL', param, 'url_invalid');
  return url;
}

export const hostedCheckoutUrl = (ctx: StripeContext, id: string) => `${ctx.publicUrl()}/c/pay/${id}`;

function validate(ctx: StripeContext, p: CreateParams): void {
  // What the stand-in implements; Stripe has more (see docs/fidelity.md, "left out").
  if (p.mode !== 'subscription') throw invalidRequest(`The Stripe stand-in implements mode=subscription only (got ${p.mode}).`, 'mode');
  if (p.ui_mode !== undefined && p.ui_mode !== 'hosted_page') throw invalidRequest(`The Stripe stand-in implements ui_mode=hosted_page only (got ${p.ui_mode}).`, 'ui_mode');
  if (!p.line_items || p.line_items.length === 0) throw invalidRequest('Missing required param: line_items.', 'line_items', 'parameter_missing');
  if (p.line_items.length > 1) throw invalidRequest('The Stripe stand-in implements one line item per session.', 'line_items');
  if (p.success_url === undefined) throw invalidRequest('Missing required param: success_url.', 'success_url', 'parameter_missing');
  checkUrl(p.success_url, 'success_url');
  if (p.cancel_url !== undefined) checkUrl(p.cancel_url, 'cancel_url');
  if (p.client_reference_id !== undefined && p.client_reference_id.length > 200) throw invalidRequest('client_reference_id must be at most 200 characters.', 'client_reference_id');
  if (p.customer !== undefined && p.customer_email !== undefined) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer');
  if (p.customer !== undefined && !ctx.store.customers.has(p.customer)) throw noSuch('customer', p.customer, 'customer');
  if (p.customer_email !== undefined) checkEmail(p.customer_email, 'customer_email');
  p.line_items.forEach((line, i) => {
    if (!ctx.store.prices.has(line.price)) throw noSuch('price', line.price, `line_items[${i}][price]`);
  });
  if (!p.line_items.some((line) => ctx.store.prices.get(line.price)?.type === 'recurring')) {
    throw invalidRequest('You must specify at least one recurring price in `subscription` mode when using prices.', 'line_items');
  }
}

export function registerCheckoutSessionApi(app: Hono, ctx: StripeContext): void {
  const { store } = ctx;
  const json = (session: CheckoutSessionRecord, expand: Set<string>) => {
    const body = checkoutSessionJson(store, session, hostedCheckoutUrl(ctx, session.id));
    const customer = expand.has('customer') && session.customer ? store.customers.get(session.customer) : undefined;
    const subscription = expand.has('subscription') && session.subscription ? store.subscriptions.get(session.subscription) : undefined;
    return {
      ...body,
      ...(customer ? { customer: customerJson(customer) } : {}),
      ...(subscription ? { subscription: subscriptionJson(store, subscription) } : {}),
    };
  };

  app.post('/v1/checkout/sessions', async (c) => {
    const params = await paramsOf<CreateParams>(c, CREATE);
    const expand = expansions(params.expand, EXPANDABLE);
    validate(ctx, params);
    const now = ctx.clock.now();
    const session = store.checkoutSessions.put({
      id: newId('cs_test'),
      order: now.getTime(),
      created: unixSeconds(now),
      expires_at: unixSeconds(now) + SESSION_LIFETIME_S,
      mode: 'subscription',
      line_items: params.line_items!,
      success_url: params.success_url!,
      cancel_url: params.cancel_url ?? null,
      client_reference_id: params.client_reference_id ?? null,
      customer: params.customer ?? null,
      customer_email: params.customer_email ?? null,
      paid_email: null,
      metadata: applyMetadata({}, params.metadata),
      subscription_metadata: applyMetadata({}, params.subscription_data?.metadata),
      status: 'open',
      subscription: null,
    });
    return c.json(json(session, expand));
  });

  app.get('/v1/checkout/sessions/:id', async (c) => {
    const params = await paramsOf<{ expand?: string[] }>(c, EXPAND);
    const expand = expansions(params.expand, EXPANDABLE);
    const session = store.checkoutSessions.get(c.req.param('id'));
    if (!session) throw noSuch('checkout.session', c.req.param('id'), 'session', 404);
    return c.json(json(session, expand));
  });
}
