// Customers (docs.stripe.com/api/customers): create, retrieve, list with the `email` filter
// ("a case-sensitive filter on the customer's email"). Stripe checks an email's form.
import type { Hono } from 'hono';
import { createCustomer } from '../billing/customers.ts';
import type { StripeContext } from '../context.ts';
import { invalidRequest, noSuch } from '../errors.ts';
import { applyMetadata, EXPAND, metadata, PAGING, str, type Fields, type MetadataChange } from '../params.ts';
import { causeOf, expansions, paramsOf } from '../request.ts';
import { customerJson, listPage } from '../wire.ts';

const CREATE: Fields = { ...EXPAND, email: str(), name: str(), description: str(), metadata: metadata() };
const LIST: Fields = { ...PAGING, email: str() };

// Not RFC 5322: the "something@something.tld" shape Stripe's check amounts to for callers.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string, param = 'email'): string {
  if (email.length > 512 || !EMAIL.test(email)) throw invalidRequest(`Invalid email address: ${email}`, param, 'email_invalid');
  return email;
}

export function registerCustomerApi(app: Hono, ctx: StripeContext): void {
  const { store } = ctx;

  app.post('/v1/customers', async (c) => {
    const params = await paramsOf<{ expand?: string[]; email?: string; name?: string; description?: string; metadata?: MetadataChange }>(c, CREATE);
    expansions(params.expand, []);
    const customer = createCustomer(
      ctx,
      { email: params.email === undefined ? null : checkEmail(params.email), name: params.name ?? null, description: params.description ?? null, metadata: applyMetadata({}, params.metadata) },
      causeOf(c),
    );
    return c.json(customerJson(customer));
  });

  app.get('/v1/customers/:id', async (c) => {
    const params = await paramsOf<{ expand?: string[] }>(c, EXPAND);
    expansions(params.expand, []);
    const customer = store.customers.get(c.req.param('id'));
    if (!customer) throw noSuch('customer', c.req.param('id'), 'id', 404);
    return c.json(customerJson(customer));
  });

  app.get('/v1/customers', async (c) => {
    const params = await paramsOf<{ expand?: string[]; limit?: number; starting_after?: string; email?: string }>(c, LIST);
    expansions(params.expand, []);
    const customers = params.email === undefined ? store.customers.values() : store.customers.where('email', params.email);
    return c.json(listPage(customers, params, '/v1/customers', customerJson, (id) => noSuch('customer', id, 'starting_after')));
  });
}
