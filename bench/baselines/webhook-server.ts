// The floor for POST /api/webhooks/polar: a bare node:http handler doing the same
// verification (the app's own src/lib/polar/webhook-verify.ts, both signing schemes) and the
// same database write (rpc apply_polar_subscription through supabase-js with the service key,
// against the same Supabase stand-in), with the route's status codes. What it leaves out is
// exactly the app's own overhead: Next's request handling and the sdk-schema parse of the body.
import { createServer, type IncomingMessage } from 'node:http';
import { createClient } from '@supabase/supabase-js';
import { InvalidWebhookError, verifyWebhook, webhookVerifiers } from '../../src/lib/polar/webhook-verify.ts';
import { announceListening } from '../lib/child-server.ts';

const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is required`); })();
const verifiers = webhookVerifiers(env('WEBHOOK_SECRET'));
const admin = createClient(env('SUPABASE_URL'), env('SERVICE_KEY'), {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
});
const MAX_BODY_BYTES = 256 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Sub = Record<string, unknown> & { customer?: { external_id?: string | null }; metadata?: Record<string, unknown>; prices?: Array<{ id: string }> };

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The same arguments src/lib/billing/subscription-state.ts builds, read from the wire JSON. */
function stateArgs(data: Sub, eventAt: unknown) {
  const asUser = (v: unknown) => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : undefined);
  const pending = data.pending_update as { product_id?: string | null; applies_at?: string } | null | undefined;
  return {
    p_external_user_id: asUser(data.customer?.external_id),
    p_claimed_user_id: asUser(data.metadata?.supabase_user_id),
    p_customer_id: data.customer_id,
    p_subscription_id: data.id,
    p_status: data.status,
    p_product_id: data.product_id,
    p_price_id: data.prices?.[0]?.id,
    p_current_period_start: data.current_period_start,
    p_current_period_end: data.current_period_end,
    p_cancel_at_period_end: data.cancel_at_period_end,
    p_canceled_at: data.canceled_at,
    p_ends_at: data.ends_at,
    p_ended_at: data.ended_at,
    p_trial_start: data.trial_start,
    p_trial_end: data.trial_end,
    p_started_at: data.started_at,
    p_checkout_id: data.checkout_id,
    p_past_due_at: data.past_due_at,
    p_pending_product_id: pending?.product_id ?? undefined,
    p_pending_applies_at: pending?.product_id ? pending.applies_at : undefined,
    p_modified_at: data.modified_at ?? data.created_at,
    p_event_at: typeof eventAt === 'string' ? eventAt : undefined,
  };
}

async function handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const text = await readBody(req);
  if (text === null) return { status: 413, body: { error: 'Payload too large' } };
  const headers = new Headers();
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  let delivery;
  try {
    delivery = verifyWebhook(text, headers, verifiers);
  } catch (error) {
    if (error instanceof InvalidWebhookError) return { status: 403, body: { received: false } };
    throw error;
  }
  const payload = delivery.payload as { type: string; timestamp?: unknown; data: Sub };
  const { data, error } = await admin
    .rpc('apply_polar_subscription', { p_webhook_id: delivery.id, p_event_type: payload.type, p_payload: payload, ...stateArgs(payload.data, payload.timestamp) })
    .abortSignal(AbortSignal.timeout(1_500));
  if (error) return { status: 500, body: { received: false } };
  const outcome = data as string;
  const kept = outcome === 'unmatched' || outcome === 'ignored' || outcome === 'unreadable' || outcome === 'conflict';
  return { status: kept ? 202 : 200, body: { received: true, outcome } };
}

const server = createServer((req, res) => {
  handle(req).then(
    ({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    () => res.writeHead(500, { 'content-type': 'application/json' }).end('{"received":false}'),
  );
});
announceListening(server);
