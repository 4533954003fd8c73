// GET /v1/benefit-grants/ (server/polar/benefit/grant/endpoints.py): a customer's grants.
import type { Hono } from 'hono';
import { scoped } from '../api-guard.ts';
import type { StandInContext } from '../context.ts';
import { grantJson } from '../wire.ts';
import { boolIssue, boolParam, listResource, multi, pageParams } from './params.ts';

export function registerBenefitGrantApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;

  app.get('/v1/benefit-grants', scoped('benefits', 'read'), (c) => {
    const paging = pageParams(c);
    if (!paging.ok) return paging.response;
    const isGranted = boolParam(c, 'is_granted');
    if (isGranted === null) return boolIssue(c, 'is_granted');
    const customerIds = multi(c, 'customer_id');
    const externalIds = multi(c, 'external_customer_id');
    const customers = externalIds && new Set(externalIds.flatMap((id) => store.customers.where('external_id', id)).map((customer) => customer.id));
    const items = store.grants
      .values()
      .filter(
        (g) =>
          (!customerIds || customerIds.includes(g.customer_id)) &&
          (!customers || customers.has(g.customer_id)) &&
          (isGranted === undefined || (g.granted_at !== null && g.revoked_at === null) === isGranted),
      )
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((g) => grantJson(store, g));
    return c.json(listResource(items, paging.value), 200);
  });
}
