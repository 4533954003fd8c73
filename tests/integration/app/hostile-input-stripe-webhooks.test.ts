// POST /api/webhooks/stripe against hostile input: every way the Stripe-Signature header or the
// body can be wrong. Without a valid signature (within 5 minutes) nothing is recorded.
import { createHmac } from 'node:crypto';
import { stripeSignatureHeader } from '../../../local/stripe/webhook-signer.ts';
import { streamedBytes, type HostileRequest } from '../../fixtures/hostile-http.ts';
import { emptyAnswer, hostileSuite, hostileTable, type HostileRow } from '../../fixtures/hostile-rows.ts';
import { stripeEvent } from '../../fixtures/stripe-deliveries.ts';

const { stack, sql, ctx } = hostileSuite();

const refused = { status: 403, json: { received: false } };
const notAnEvent = { status: 400, json: { error: 'Invalid webhook payload' } };
const tooLarge = { status: 413, json: { error: 'Payload too large' } };
const notUtf8 = { status: 400, json: { error: 'Request body is not valid UTF-8' } };
const now = () => Math.floor(Date.now() / 1000);

/** An event the app would record (202 ignored) if it ever accepted the delivery. */
const event = () => JSON.stringify(stripeEvent('hostile.probe', { id: 'probe' }), null, 2);

interface Delivery {
  body?: string;
  /** What was signed, when not the body. */
  signedBody?: string;
  secret?: string;
  timestamp?: number;
  /** Replaces the Stripe-Signature header (undefined removes it), given the proper one. */
  signature?: (proper: string) => string | string[] | undefined;
  headers?: Record<string, string>;
  sentBody?: HostileRequest['body'];
}

function delivery({ body = event(), signedBody, secret, timestamp, signature, headers, sentBody }: Delivery): HostileRequest {
  const proper = stripeSignatureHeader({ secret: secret ?? stack.stripeWebhookSecret, body: signedBody ?? body, timestamp });
  const header = signature ? signature(proper) : proper;
  return {
    method: 'POST',
    path: '/api/webhooks/stripe',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(header === undefined ? {} : { 'stripe-signature': header }), ...headers },
    body: sentBody ?? body,
  };
}
const row = (name: string, d: Delivery | (() => Delivery), expected: HostileRow['expected'] = refused): HostileRow => ({
  name,
  request: () => delivery(typeof d === 'function' ? d() : d),
  expected,
});
const v1Of = (header: string) => /v1=([0-9a-f]+)/.exec(header)![1]!;
const tOf = (header: string) => /t=(\d+)/.exec(header)![1]!;
const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

const rows: HostileRow[] = [
  // The header missing or malformed.
  row('no Stripe-Signature header', { signature: () => undefined }),
  row('an empty Stripe-Signature header', { signature: () => '' }),
  row('Stripe-Signature twice, a forged one first', { signature: (s) => [`t=${now() + 1000},v1=00`, s] }),
  row('only the timestamp', { signature: (s) => `t=${tOf(s)}` }),
  row('only the signature', { signature: (s) => `v1=${v1Of(s)}` }),
  row('the v0 scheme instead of v1', { signature: (s) => `t=${tOf(s)},v0=${v1Of(s)}` }),
  row('V1 in upper case', { signature: (s) => `t=${tOf(s)},V1=${v1Of(s)}` }),
  row('an empty v1', { signature: (s) => `t=${tOf(s)},v1=` }),
  row('a truncated signature', { signature: (s) => s.slice(0, -4) }),
  row('a signature with a character appended', { signature: (s) => `${s}0` }),
  row('a signature in upper-case hex', { signature: (s) => `t=${tOf(s)},v1=${v1Of(s).toUpperCase()}` }),
  row('the HMAC as base64 instead of hex', { signature: (s) => `t=${tOf(s)},v1=${Buffer.from(v1Of(s), 'hex').toString('base64')}` }),
  row('a thousand bogus signatures', { signature: (s) => `t=${tOf(s)},${Array.from({ length: 1000 }, () => 'v1=00').join(',')}` }),
  row('key=value pairs without a timestamp value', { signature: (s) => `t=,v1=${v1Of(s)}` }),
  row('JSON instead of key=value pairs', { signature: (s) => JSON.stringify({ t: tOf(s), v1: v1Of(s) }) }),
  // Keys and contents.
  row('signed with another whsec_ secret', { secret: 'whsec_AnotherEndpointsSecret0123456789' }),
  row('signed with the secret minus its whsec_ prefix', { secret: stack.stripeWebhookSecret.slice('whsec_'.length) }),
  row('signed with the secret base64-decoded (the Standard Webhooks way)', { secret: Buffer.from(stack.stripeWebhookSecret.slice('whsec_'.length), 'base64').toString('latin1') }),
  row('signed with the API key', { secret: stack.appEnv.STRIPE_SECRET_KEY! }),
  row('the signature of a different body', { signedBody: '{"id":"evt_other","object":"event"}' }),
  row('the HMAC of the body alone, without the timestamp', { signature: (s) => `t=${tOf(s)},v1=${hmac(stack.stripeWebhookSecret, event())}` }),
  row('a signature for another timestamp', () => ({ timestamp: now() - 1, signature: (s) => `t=${now()},v1=${v1Of(s)}` })),
  row('a newline appended after signing', () => { const body = event(); return { body, sentBody: `${body}\n` }; }),
  row('re-serialised compactly after signing', () => { const body = event(); return { body, sentBody: JSON.stringify(JSON.parse(body)) }; }),
  row('a NUL appended after signing', () => { const body = event(); return { body, sentBody: `${body}\u0000` }; }),
  // Times.
  row('properly signed, 6 minutes old', () => ({ timestamp: now() - 360 })),
  row('properly signed, from 2001', { timestamp: 1_000_000_000 }),
  row('properly signed, at the epoch', { timestamp: 0 }),
  row('properly signed, 6 minutes ahead', () => ({ timestamp: now() + 360 })),
  row('properly signed, from 2100', { timestamp: 4_102_444_800 }),
  row('timestamp in milliseconds', () => ({ timestamp: Date.now() })),
  row('two timestamps, the signed one last', () => ({ signature: (s) => `t=${now()},${s}` })),
  row('the signed timestamp with letters after it', () => { const at = now(); return { timestamp: at, signature: (s) => s.replace(`t=${at}`, `t=${at}abc`) }; }),
  ...['abc', '-1', '1e10', '0x6553f100', ' '].map((value) => row(`a non-numeric timestamp ${JSON.stringify(value)}`, { signature: (s) => `t=${value},v1=${v1Of(s)}` })),
  // Bodies and transport.
  row('unsigned, Content-Type text/plain', { signature: () => undefined, headers: { 'content-type': 'text/plain' } }),
  row('an unsigned form post from another site', { signature: () => undefined, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, sentBody: 'type=customer.subscription.created' }),
  row('wrongly signed, 100k-deep nested arrays', () => ({ body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, secret: 'whsec_other' })),
  row('20 MB with Content-Length', { sentBody: Buffer.alloc(20 * 1024 * 1024, 'a') }, tooLarge),
  row('20 MB streamed without Content-Length', { sentBody: streamedBytes(20 * 1024 * 1024) }, tooLarge),
  row('properly signed, 300 KB', () => ({ body: JSON.stringify(stripeEvent('hostile.probe', { pad: 'x'.repeat(300 * 1024) })) }), tooLarge),
  row('overlong UTF-8 bytes', { sentBody: Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]) }, notUtf8),
  row('a raw 0xFF byte', { sentBody: Buffer.from([0x7b, 0xff, 0x7d]) }, notUtf8),
  // Properly signed, but not a Stripe event.
  row('properly signed, not JSON', { body: 'not json' }),
  row('properly signed, an empty body', { body: '' }),
  ...[
    '[]',
    'null',
    '"text"',
    '42',
    '{"object":"event","type":"customer.subscription.created"}',
    '{"id":"evt_1","object":"event","created":1,"data":{}}',
    '{"id":"sub_1","object":"event","type":"x","created":1,"data":{"object":{}}}',
    '{"id":"evt_1","object":"subscription","type":"x","created":1,"data":{"object":{}}}',
    '{"id":"evt_1","object":"event","type":"","created":1,"data":{"object":{}}}',
    '{"id":"evt_1","object":"event","type":"x","created":"yesterday","data":{"object":{}}}',
    `{"id":"evt_1","object":"event","type":"${'x'.repeat(101)}","created":1,"data":{"object":{}}}`,
  ].map((body) => row(`properly signed, not an event envelope: ${body.length > 120 ? `${body.slice(0, 60)}…(${body.length} chars)` : body}`, { body }, notAnEvent)),

  ...['GET', 'PUT', 'DELETE', 'PATCH'].map((method): HostileRow => ({ name: `method ${method}`, request: () => ({ ...delivery({}), method, body: method === 'GET' ? undefined : event() }), expected: emptyAnswer(405) })),
  { name: 'a 20 KB query string (refused by the HTTP server)', request: () => ({ ...delivery({}), path: `/api/webhooks/stripe?x=${'a'.repeat(20_000)}` }), expected: emptyAnswer(431) },
];

hostileTable('POST /api/webhooks/stripe, hostile requests', rows, { ctx, sql });
