import { randomBytes, randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { tick } from './clock.ts';
import type { StandInContext } from './context.ts';
import { notFound, validationError } from './errors.ts';
import type { ValidationIssue } from './errors.ts';
import { metadataSchema, parseJsonBody } from './request-body.ts';
import type { CheckoutRecord } from './types.ts';
import { checkoutJson } from './wire.ts';

const CHECKOUT_TTL_MS = 60 * 60 * 1000;

const checkoutCreate = z.object({
  products: z.array(z.string()).min(1),
  customer_id: z.string().nullish(),
  external_customer_id: z.string().nullish(),
  // Older name some integrations still send; Polar's schema calls it external_customer_id.
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

  app.post('/v1/checkouts', async (c) => {
    const parsed = await parseJsonBody(c, checkoutCreate);
    if (!parsed.ok) return parsed.response;
    const body = parsed.value;
    const issues: ValidationIssue[] = [];
    body.products.forEach((id, i) => {
      const product = store.products.get(id);
      if (!product || product.is_archived) {
        issues.push({ loc: ['body', 'products', i], msg: 'Product does not exist.', type: 'value_error', input: id });
      }
    });
    const customer = body.customer_id ? store.customers.get(body.customer_id) : undefined;
    if (body.customer_id && !customer) {
      issues.push({ loc: ['body', 'customer_id'], msg: 'Customer does not exist.', type: 'value_error', input: body.customer_id });
    }
    if (issues.length > 0) return validationError(c, issues);

    const externalId = customer?.external_id ?? body.external_customer_id ?? body.customer_external_id ?? null;
    // A returning customer's email prefills the form, as on Polar's hosted checkout.
    const known = customer ?? (externalId ? store.customerByExternalId(externalId) : undefined);
    const now = tick();
    const productId = body.products[0] as string;
    const checkout: CheckoutRecord = {
      id: randomUUID(),
      created_at: now.toISOString(),
      modified_at: null,
      status: 'open',
      client_secret: `polar_c_${randomBytes(24).toString('base64url')}`,
      expires_at: new Date(now.getTime() + CHECKOUT_TTL_MS).toISOString(),
      success_url: body.success_url ?? null,
      return_url: body.return_url ?? null,
      product_ids: body.products,
      product_id: productId,
      customer_id: customer?.id ?? null,
      external_customer_id: externalId,
      customer_email: customer?.email ?? body.customer_email ?? known?.email ?? null,
      customer_name: customer?.name ?? body.customer_name ?? null,
      metadata: body.metadata ?? {},
      customer_metadata: body.customer_metadata ?? {},
      subscription_id: null,
    };
    store.checkouts.set(checkout.id, checkout);
    store.save();
    return c.json(checkoutJson(store, checkout, ctx.publicUrl()), 201);
  });

  app.get('/v1/checkouts/:id', (c) => {
    const checkout = store.checkouts.get(c.req.param('id'));
    if (!checkout) return notFound(c);
    return c.json(checkoutJson(store, checkout, ctx.publicUrl()), 200);
  });
}
