// GET /v1/customers/{id}, /v1/customers/external/{external_id} and their /state
// (server/polar/customer/endpoints.py). Deleted customers are not found.
import type { Hono } from 'hono';
import { scoped } from '../api-guard.ts';
import type { StandInContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { customerJson, customerStateJson } from '../wire.ts';
import { uuidParam } from './params.ts';

export function registerCustomerApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const read = scoped('customers', 'read');

  // The state endpoints: what the customer is entitled to now (customer/endpoints.py get_state).
  app.get('/v1/customers/external/:external_id/state', read, (c) => {
    const customer = store.customerByExternalId(c.req.param('external_id'));
    return customer ? c.json(customerStateJson(store, customer), 200) : notFound(c);
  });

  app.get('/v1/customers/:id/state', read, (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const customer = store.customers.get(id.value);
    return customer && !customer.deleted_at ? c.json(customerStateJson(store, customer), 200) : notFound(c);
  });

  app.get('/v1/customers/external/:external_id', read, (c) => {
    const customer = store.customerByExternalId(c.req.param('external_id'));
    return customer ? c.json(customerJson(customer), 200) : notFound(c);
  });

  app.get('/v1/customers/:id', read, (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const customer = store.customers.get(id.value);
    return customer && !customer.deleted_at ? c.json(customerJson(customer), 200) : notFound(c);
  });
}
