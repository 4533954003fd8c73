// POST /v1/checkouts/ and GET /v1/checkouts/{id} (server/polar/checkout/endpoints.py,
// service.py create): products must exist, a customer_id must exist, an external customer id
// links the checkout to that customer when there is one, and customer_email must pass Polar's
// deliverability check.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { scoped } from '../api-guard.ts';
import type { StandInContext } from '../context.ts';
import { checkCustomerEmail, emailIssue } from '../email-check.ts';
import { notFound, validationError, type ValidationIssue } from '../errors.ts';
import type { CheckoutRecord } from '../types.ts';
import { checkoutJson } from '../wire.ts';
import { uuidParam } from './params.ts';
import { metadataSchema, parseJsonBody } from './request-body.ts';

const CHECKOUT_TTL_MS = 60 * 60 * 1000;
// CheckoutCreate is a plain (undiscriminated) union: pydantic names the member in `loc`.
const MEMBER = 'CheckoutProductsCreate';

const checkoutCreate = z.object({
  products: z.array(z.string()).min(1),
  customer_id: z.string().nullish(),
  external_customer_id: z.string().nullish(),
  // The deprecated alias, still accepted.
  customer_external_id: z.string().nullish(),
  customer_email: z.string().nullish(),
  customer_name: z.string().nullish(),
  success_url: z.string().nullish(),
  return_url: z.string().nullish(),
  metadata: metadataSchema.optional(),
  customer_metadata: metadataSchema.optional(),
});

export function registerCheckoutApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;

  app.post('/v1/checkouts', scoped('checkouts', 'write'), async (c) => {
    const parsed = await parseJsonBody(c, checkoutCreate);
    if (!parsed.ok) return parsed.response;
    const body = parsed.value;
    const issues: ValidationIssue[] = [];
    body.products.forEach((id, i) => {
      const product = store.products.get(id);
      if (!product || product.is_archived) issues.push({ loc: ['body', MEMBER, 'products', i], msg: 'Product does not exist.', type: 'value_error', input: id });
    });
    const byId = body.customer_id ? store.customers.get(body.customer_id) : undefined;
    if (body.customer_id && (!byId || byId.deleted_at)) {
      issues.push({ loc: ['body', MEMBER, 'customer_id'], msg: 'Customer does not exist.', type: 'value_error', input: body.customer_id });
    }
    let email = body.customer_email ?? null;
    if (email !== null) {
      const check = checkCustomerEmail(email);
      if (check.ok) email = check.email;
      else issues.push(emailIssue(['body', MEMBER, 'customer_email'], email, check));
    }
    if (issues.length > 0) return validationError(c, issues);

    const externalId = body.external_customer_id ?? body.customer_external_id ?? null;
    const linked = byId ?? (externalId ? store.customerByExternalId(externalId) : undefined);
    const now = ctx.clock.now();
    const checkout: CheckoutRecord = store.checkouts.put({
      id: randomUUID(),
      created_at: now.toISOString(),
      modified_at: null,
      status: 'open',
      client_secret: `polar_c_${randomBytes(24).toString('base64url')}`,
      expires_at: new Date(now.getTime() + CHECKOUT_TTL_MS).toISOString(),
      success_url: body.success_url ?? null,
      return_url: body.return_url ?? null,
      product_ids: body.products,
      product_id: body.products[0]!,
      customer_id: linked?.id ?? null,
      external_customer_id: externalId ?? linked?.external_id ?? null,
      // A linked customer's details fill only what the request left empty.
      customer_email: email ?? linked?.email ?? null,
      customer_name: body.customer_name ?? linked?.name ?? null,
      metadata: body.metadata ?? {},
      customer_metadata: body.customer_metadata ?? {},
      subscription_id: null,
    });
    const json = checkoutJson(store, checkout, ctx.publicUrl());
    ctx.webhooks.send('checkout.created', json);
    return c.json(json, 201);
  });

  app.get('/v1/checkouts/:id', scoped('checkouts', 'read'), (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const checkout = store.checkouts.get(id.value);
    return checkout ? c.json(checkoutJson(store, checkout, ctx.publicUrl()), 200) : notFound(c);
  });
}
