// /v1/webhooks: endpoints, deliveries and redelivery (server/polar/webhook/endpoints.py,
// service.py list_deliveries, redeliver_event; webhook/schemas.py).
import type { Hono } from 'hono';
import { z } from 'zod';
import type { DeliveryRecord, EndpointRecord, EventRecord } from '../../kit/webhook-delivery.ts';
import { scoped } from '../api-guard.ts';
import type { StandInContext } from '../context.ts';
import { notFound, validationError } from '../errors.ts';
import { ORGANIZATION_ID } from '../seed.ts';
import { boolIssue, boolParam, listResource, multi, pageParams, uuidParam } from './params.ts';
import { parseJsonBody } from './request-body.ts';

export function endpointJson(endpoint: EndpointRecord) {
  return { ...endpoint, name: null, format: 'raw', organization_id: ORGANIZATION_ID };
}

function eventJson(event: EventRecord) {
  const { endpoint_id: _endpoint, ...fields } = event;
  return { ...fields, is_archived: false };
}

/** A delivery with its event nested, as GET /v1/webhooks/deliveries returns it. */
export function deliveryJson(delivery: DeliveryRecord, event: EventRecord) {
  const { event_id: _event, ...fields } = delivery;
  return { ...fields, webhook_event: eventJson(event) };
}

const HTTP_CODE_CLASSES: Record<string, [number, number]> = { '2xx': [200, 300], '3xx': [300, 400], '4xx': [400, 500], '5xx': [500, 600] };

const endpointUpdate = z.strictObject({ url: z.string().optional(), events: z.array(z.string()).optional(), enabled: z.boolean().optional() });

export function registerWebhookApi(app: Hono, ctx: StandInContext): void {
  const { store } = ctx;
  const read = scoped('webhooks', 'read');
  const write = scoped('webhooks', 'write');

  app.get('/v1/webhooks/endpoints', read, (c) => {
    const paging = pageParams(c);
    if (!paging.ok) return paging.response;
    const endpoints = store.endpoints.values().sort((a, b) => b.created_at.localeCompare(a.created_at));
    return c.json(listResource(endpoints.map(endpointJson), paging.value), 200);
  });

  app.get('/v1/webhooks/endpoints/:id', read, (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const endpoint = store.endpoints.get(id.value);
    return endpoint ? c.json(endpointJson(endpoint), 200) : notFound(c);
  });

  // Re-enabling does not resend the events skipped while disabled: redeliver them.
  app.patch('/v1/webhooks/endpoints/:id', write, async (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    const parsed = await parseJsonBody(c, endpointUpdate);
    if (!parsed.ok) return parsed.response;
    const endpoint = store.endpoints.get(id.value);
    if (!endpoint) return notFound(c);
    const change = Object.fromEntries(Object.entries(parsed.value).filter(([, value]) => value !== undefined));
    return c.json(endpointJson(store.endpoints.put({ ...endpoint, ...change, modified_at: ctx.clock.now().toISOString() })), 200);
  });

  app.get('/v1/webhooks/deliveries', read, (c) => {
    const paging = pageParams(c);
    if (!paging.ok) return paging.response;
    const succeeded = boolParam(c, 'succeeded');
    if (succeeded === null) return boolIssue(c, 'succeeded');
    const [start, end] = ['start_timestamp', 'end_timestamp'].map((name) => c.req.query(name));
    for (const [name, value] of [['start_timestamp', start], ['end_timestamp', end]] as const) {
      if (value !== undefined && (Number.isNaN(Date.parse(value)) || !/(Z|[+-]\d{2}:?\d{2})$/.test(value))) {
        return validationError(c, [{ type: 'timezone_aware', loc: ['query', name], msg: 'Input should have timezone info', input: value }]);
      }
    }
    const codeClass = c.req.query('http_code_class');
    if (codeClass !== undefined && !HTTP_CODE_CLASSES[codeClass]) {
      return validationError(c, [{ type: 'literal_error', loc: ['query', 'http_code_class'], msg: "Input should be '2xx', '3xx', '4xx' or '5xx'", input: codeClass }]);
    }
    const endpointIds = multi(c, 'endpoint_id');
    const eventTypes = multi(c, 'event_type');
    const query = c.req.query('query')?.toLowerCase();
    const items = store.deliveries
      .values()
      .map((delivery) => ({ delivery, event: store.events.get(delivery.event_id)! }))
      .filter(({ delivery, event }) => {
        const [low, high] = codeClass ? HTTP_CODE_CLASSES[codeClass]! : [0, Infinity];
        const at = Date.parse(delivery.created_at);
        return (
          (!endpointIds || endpointIds.includes(event.endpoint_id)) &&
          (succeeded === undefined || delivery.succeeded === succeeded) &&
          (!eventTypes || eventTypes.includes(event.type)) &&
          (!codeClass || (delivery.http_code !== null && delivery.http_code >= low && delivery.http_code < high)) &&
          (start === undefined || at > Date.parse(start)) &&
          (end === undefined || at < Date.parse(end)) &&
          (!query || [delivery.id, event.id, String(delivery.http_code ?? '')].some((text) => text.toLowerCase().includes(query)))
        );
      })
      .sort((a, b) => b.delivery.created_at.localeCompare(a.delivery.created_at))
      .map(({ delivery, event }) => deliveryJson(delivery, event));
    return c.json(listResource(items, paging.value), 200);
  });

  // 202 with a null body and no checks: a disabled endpoint just skips it in the worker.
  app.post('/v1/webhooks/events/:id/redeliver', write, (c) => {
    const id = uuidParam(c, 'id');
    if (!id.ok) return id.response;
    return ctx.webhooks.redeliver(id.value) ? c.json(null, 202) : notFound(c);
  });
}
