// POST /api/webhooks/lemonsqueezy against hostile input: every way the X-Signature header or the
// body can be wrong. Without the body's HMAC under the webhook secret nothing is recorded.
import { createHmac } from 'node:crypto';
import { lemonSqueezySignature } from '../../../local/lemonsqueezy/webhook-signer.ts';
import { streamedBytes, type HostileRequest } from '../../fixtures/hostile-http.ts';
import { emptyAnswer, hostileSuite, hostileTable, type HostileRow } from '../../fixtures/hostile-rows.ts';
import { lemonSqueezyEvent } from '../../fixtures/lemonsqueezy-deliveries.ts';

const { stack, sql, ctx } = hostileSuite();

const refused = { status: 403, json: { received: false } };
const notAnEvent = { status: 400, json: { error: 'Invalid webhook payload' } };
const tooLarge = { status: 413, json: { error: 'Payload too large' } };
const notUtf8 = { status: 400, json: { error: 'Request body is not valid UTF-8' } };

/** An event the app would record (200 ignored) if it ever accepted the delivery. */
const event = () => JSON.stringify(lemonSqueezyEvent('hostile_probe', { type: 'probes', id: String(Math.random()).slice(2), attributes: {} }));

interface Delivery {
  body?: string;
  signedBody?: string;
  secret?: string;
  /** Replaces the X-Signature header (undefined removes it), given the proper one. */
  signature?: (proper: string) => string | string[] | undefined;
  headers?: Record<string, string>;
  sentBody?: HostileRequest['body'];
}

function delivery({ body = event(), signedBody, secret, signature, headers, sentBody }: Delivery): HostileRequest {
  const proper = lemonSqueezySignature(secret ?? stack.lemonSqueezyWebhookSecret, signedBody ?? body);
  const header = signature ? signature(proper) : proper;
  return {
    method: 'POST',
    path: '/api/webhooks/lemonsqueezy',
    headers: { 'content-type': 'application/json', 'x-event-name': 'subscription_created', ...(header === undefined ? {} : { 'x-signature': header }), ...headers },
    body: sentBody ?? body,
  };
}
const row = (name: string, d: Delivery | (() => Delivery), expected: HostileRow['expected'] = refused): HostileRow => ({
  name,
  request: () => delivery(typeof d === 'function' ? d() : d),
  expected,
});
const flip = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;

const rows: HostileRow[] = [
  // The header missing or malformed.
  row('no X-Signature header', { signature: () => undefined }),
  row('an empty X-Signature header', { signature: () => '' }),
  row('X-Signature sent twice', { signature: (s) => [s, s] }),
  row('the signature in upper-case hex', { signature: (s) => s.toUpperCase() }),
  row('the signature as base64', { signature: (s) => Buffer.from(s, 'hex').toString('base64') }),
  row('the signature with a sha256= prefix', { signature: (s) => `sha256=${s}` }),
  row('the signature with a space inside', { signature: (s) => `${s.slice(0, 32)} ${s.slice(32)}` }),
  row('a truncated signature', { signature: (s) => s.slice(0, -2) }),
  row('the signature with a character appended', { signature: (s) => `${s}0` }),
  row('the last hex digit changed', { signature: flip }),
  row('64 zeros', { signature: () => '0'.repeat(64) }),
  row('64 non-hex characters', { signature: () => 'z'.repeat(64) }),
  row('a 128-character signature', { signature: (s) => s + s }),
  row('a SHA-1 HMAC', { signature: () => createHmac('sha1', stack.lemonSqueezyWebhookSecret).update(event()).digest('hex') }),
  // Keys and contents.
  row('signed with another secret', { secret: 'another-stores-secret' }),
  row('signed with the secret in upper case', { secret: stack.lemonSqueezyWebhookSecret.toUpperCase() }),
  row('signed with the secret and a trailing newline', { secret: `${stack.lemonSqueezyWebhookSecret}\n` }),
  row('signed with the API key', { secret: stack.appEnv.LEMONSQUEEZY_API_KEY! }),
  row('signed with an empty secret', { secret: '' }),
  row('the signature of a different body', { signedBody: '{"meta":{"event_name":"order_created"},"data":{}}' }),
  row('the SHA-256 of the body, unkeyed', () => { const body = event(); return { body, signature: () => createHmac('sha256', '').update(body).digest('hex') }; }),
  row('a newline appended after signing', () => { const body = event(); return { body, sentBody: `${body}\n` }; }),
  row('pretty-printed after signing', () => { const body = event(); return { body, sentBody: JSON.stringify(JSON.parse(body), null, 2) }; }),
  row('a NUL appended after signing', () => { const body = event(); return { body, sentBody: `${body}\u0000` }; }),
  row('a key reordered after signing', () => { const body = event(); const { meta, data } = JSON.parse(body); return { body, sentBody: JSON.stringify({ data, meta }) }; }),
  row('the event name changed after signing', () => { const body = event(); return { body, sentBody: body.replace('hostile_probe', 'subscription_created') }; }),
  // Bodies and transport.
  row('unsigned, Content-Type text/plain', { signature: () => undefined, headers: { 'content-type': 'text/plain' } }),
  row('an unsigned form post from another site', { signature: () => undefined, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, sentBody: 'meta[event_name]=subscription_created' }),
  row('wrongly signed, 100k-deep nested arrays', () => ({ body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, secret: 'other' })),
  row('20 MB with Content-Length', { sentBody: Buffer.alloc(20 * 1024 * 1024, 'a') }, tooLarge),
  row('20 MB streamed without Content-Length', { sentBody: streamedBytes(20 * 1024 * 1024) }, tooLarge),
  row('properly signed, 300 KB', () => ({ body: JSON.stringify(lemonSqueezyEvent('hostile_probe', { type: 'probes', id: '1', pad: 'x'.repeat(300 * 1024) })) }), tooLarge),
  row('overlong UTF-8 bytes', { sentBody: Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]) }, notUtf8),
  row('a raw 0xFF byte', { sentBody: Buffer.from([0x7b, 0xff, 0x7d]) }, notUtf8),
  // Properly signed, but not a Lemon Squeezy event.
  row('properly signed, not JSON', { body: 'not json' }, notAnEvent),
  row('properly signed, an empty body', { body: '' }, notAnEvent),
  row('properly signed, 100k-deep nested arrays', { body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, notAnEvent),
  ...[
    '[]',
    'null',
    '"text"',
    '42',
    '{"meta":{},"data":{"type":"subscriptions","id":"1"}}',
    '{"meta":{"event_name":"subscription_created"}}',
    '{"meta":{"event_name":"subscription_created"},"data":[]}',
    '{"meta":{"event_name":"Subscription Created"},"data":{"type":"subscriptions","id":"1"}}',
    '{"meta":{"event_name":""},"data":{"type":"subscriptions","id":"1"}}',
    '{"meta":{"event_name":"subscription_created"},"data":{"type":5,"id":"1"}}',
    '{"meta":{"event_name":"subscription_created"},"data":{"type":"subscriptions","id":1}}',
  ].map((body) => row(`properly signed, not an event: ${body}`, { body }, notAnEvent)),

  ...['GET', 'PUT', 'DELETE', 'PATCH'].map((method): HostileRow => ({ name: `method ${method}`, request: () => ({ ...delivery({}), method, body: method === 'GET' ? undefined : event() }), expected: emptyAnswer(405) })),
  { name: 'a 20 KB query string (refused by the HTTP server)', request: () => ({ ...delivery({}), path: `/api/webhooks/lemonsqueezy?x=${'a'.repeat(20_000)}` }), expected: emptyAnswer(431) },
];

hostileTable('POST /api/webhooks/lemonsqueezy, hostile requests', rows, { ctx, sql });
