// POST /api/webhooks/polar against hostile input: every way a signature, its headers or the
// body can be wrong. Without a valid signature nothing is recorded, whatever the body says.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, type WebhookScheme } from '../../../local/polar/webhook-signer.ts';
import { billingFingerprint, send, streamedBytes, type HostileRequest } from '../../fixtures/hostile-http.ts';
import { emptyAnswer, expectAnswer, hostileSuite, hostileTable, type HostileRow } from '../../fixtures/hostile-rows.ts';

const { stack, sql, ctx } = hostileSuite();

const refused = { status: 403, json: { received: false } };
const notAnEvent = { status: 400, json: { error: 'Invalid webhook payload' } };
const tooLarge = { status: 413, json: { error: 'Payload too large' } };
const notUtf8 = { status: 400, json: { error: 'Request body is not valid UTF-8' } };
const now = () => Math.floor(Date.now() / 1000);

/** An event the app would record (202 ignored) if it ever accepted the delivery. */
const event = () => JSON.stringify({ type: 'hostile.probe', timestamp: new Date().toISOString(), data: { id: randomUUID() } });

interface Delivery {
  body?: string;
  /** What was signed, when not the body. */
  signedBody?: string;
  secret?: string;
  scheme?: WebhookScheme;
  id?: string;
  timestamp?: number;
  /** Header changes after signing (undefined removes the header). */
  headers?: (signed: Record<string, string>) => Record<string, string | string[] | undefined>;
  sentBody?: HostileRequest['body'];
}

function delivery({ body = event(), signedBody, secret, scheme = 'standard', id = `msg_${randomUUID()}`, timestamp, headers, sentBody }: Delivery): HostileRequest {
  const signed = signWebhook({ secret: secret ?? stack.webhookSecret, scheme, id, body: signedBody ?? body, timestamp });
  const changed: Record<string, string | string[] | undefined> = { 'content-type': 'application/json', ...signed, ...headers?.(signed) };
  const final = Object.fromEntries(Object.entries(changed).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined));
  return { method: 'POST', path: '/api/webhooks/polar', headers: final, body: sentBody ?? body };
}
const row = (name: string, d: Delivery | (() => Delivery), expected: HostileRow['expected'] = refused): HostileRow => ({
  name,
  request: () => delivery(typeof d === 'function' ? d() : d),
  expected,
});
const signature = (s: Record<string, string>) => s['webhook-signature']!.slice('v1,'.length);

const rows: HostileRow[] = [
  // Headers missing or malformed.
  row('no signature headers at all', { headers: () => ({ 'webhook-id': undefined, 'webhook-timestamp': undefined, 'webhook-signature': undefined }) }),
  row('no webhook-id', { headers: () => ({ 'webhook-id': undefined }) }),
  row('no webhook-timestamp', { headers: () => ({ 'webhook-timestamp': undefined }) }),
  row('no webhook-signature', { headers: () => ({ 'webhook-signature': undefined }) }),
  row('all three headers empty', { headers: () => ({ 'webhook-id': '', 'webhook-timestamp': '', 'webhook-signature': '' }) }),
  row('webhook-id sent twice', { headers: (s) => ({ 'webhook-id': [s['webhook-id']!, 'msg_other'] }) }),
  // Signatures.
  row('v2 prefix', { headers: (s) => ({ 'webhook-signature': `v2,${signature(s)}` }) }),
  row('V1 prefix in upper case', { headers: (s) => ({ 'webhook-signature': `V1,${signature(s)}` }) }),
  row('no version prefix', { headers: (s) => ({ 'webhook-signature': signature(s) }) }),
  row('v1 with an empty signature', { headers: () => ({ 'webhook-signature': 'v1,' }) }),
  row('v1 alone', { headers: () => ({ 'webhook-signature': 'v1' }) }),
  row('truncated signature', { headers: (s) => ({ 'webhook-signature': s['webhook-signature']!.slice(0, -4) }) }),
  row('signature with a character appended', { headers: (s) => ({ 'webhook-signature': `${s['webhook-signature']}A` }) }),
  row('signature with a space inside', { headers: (s) => ({ 'webhook-signature': `v1,${signature(s).slice(0, 10)} ${signature(s).slice(10)}` }) }),
  row('whitespace after the comma', { headers: (s) => ({ 'webhook-signature': `v1, ${signature(s)}` }) }),
  row('two signatures joined by commas', { headers: (s) => ({ 'webhook-signature': `v1,AAAA,${s['webhook-signature']}` }) }),
  row('a thousand bogus signatures', { headers: () => ({ 'webhook-signature': Array.from({ length: 1000 }, () => 'v1,AAAA').join(' ') }) }),
  row('the HMAC as hex instead of base64', { headers: (s) => ({ 'webhook-signature': `v1,${Buffer.from(signature(s), 'base64').toString('hex')}` }) }),
  row('signed with another whsec_ secret, legacy scheme', { secret: `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`, scheme: 'raw' }),
  row('signed with another whsec_ secret, standard scheme', { secret: `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`, scheme: 'standard' }),
  row('signed with a legacy secret string', { secret: 'polar_whs_guessed-secret', scheme: 'raw' }),
  row('signed with the secret minus its whsec_ prefix', { secret: stack.webhookSecret.slice('whsec_'.length), scheme: 'raw' }),
  row('signed with the empty-ish secret "whsec_"', { secret: 'whsec_', scheme: 'raw' }),
  row('signed with the decoded key of another secret whose remainder is unpadded', { secret: `whsec_${Buffer.from('another-secret-of-31-bytes-long').toString('base64').replace(/=+$/, '')}` }),
  row('signature of a different body', { signedBody: '{"type":"something.else","data":{}}' }),
  row('signature for another webhook-id', { headers: () => ({ 'webhook-id': `msg_${randomUUID()}` }) }),
  row('signature for another timestamp', () => ({ timestamp: now() - 1, headers: () => ({ 'webhook-timestamp': String(now()) }) })),
  row('body with a newline appended after signing', () => { const body = event(); return { body, sentBody: `${body}\n` }; }),
  row('body pretty-printed after signing', () => { const body = event(); return { body, sentBody: JSON.stringify(JSON.parse(body), null, 2) }; }),
  row('body with a NUL appended after signing', () => { const body = event(); return { body, sentBody: `${body}\u0000` }; }),
  // Timestamps.
  row('properly signed, 6 minutes old', () => ({ timestamp: now() - 360 })),
  row('properly signed, from 2001', { timestamp: 1_000_000_000 }),
  row('properly signed, at the epoch', { timestamp: 0 }),
  row('properly signed, 6 minutes ahead', () => ({ timestamp: now() + 360 })),
  row('properly signed, from 2100', { timestamp: 4_102_444_800 }),
  row('timestamp in milliseconds', () => ({ timestamp: Date.now() })),
  // Signed for the right second, but the header is not a plain number (parseInt would read it).
  ...['abc', '.9', 'e0'].map((suffix) => row(`timestamp with ${JSON.stringify(suffix)} after the signed seconds`, () => {
    const at = now();
    return { timestamp: at, headers: () => ({ 'webhook-timestamp': `${at}${suffix}` }) };
  })),
  ...['+', '0'].map((prefix) => row(`timestamp with ${JSON.stringify(prefix)} before the signed seconds`, () => {
    const at = now();
    return { timestamp: at, headers: () => ({ 'webhook-timestamp': `${prefix}${at}` }) };
  })),
  ...['soon', 'NaN', '-1', '1e10', '0x6553f100', ' ', 'Infinity'].map((value) => row(`non-numeric timestamp ${JSON.stringify(value)}`, { headers: () => ({ 'webhook-timestamp': value }) })),
  // Bodies and transport.
  row('unsigned, Content-Type text/plain', { headers: () => ({ 'webhook-signature': undefined, 'content-type': 'text/plain' }) }),
  row('unsigned form post from another site', { headers: () => ({ 'webhook-signature': undefined, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }), sentBody: 'type=subscription.created' }),
  row('wrongly signed, 100k-deep nested arrays', () => ({ body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, secret: 'whsec_b3RoZXI=' })),
  row('20 MB with Content-Length', { sentBody: Buffer.alloc(20 * 1024 * 1024, 'a') }, tooLarge),
  row('20 MB streamed without Content-Length', { sentBody: streamedBytes(20 * 1024 * 1024) }, tooLarge),
  row('properly signed, 300 KB', () => ({ body: JSON.stringify({ type: 'hostile.probe', data: { pad: 'x'.repeat(300 * 1024) } }) }), tooLarge),
  row('100k keys', () => ({ body: JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]))) }), tooLarge),
  row('overlong UTF-8 bytes', { sentBody: Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]) }, notUtf8),
  row('a raw 0xFF byte', { sentBody: Buffer.from([0x7b, 0xff, 0x7d]) }, notUtf8),
  row('a UTF-8-encoded lone surrogate', { sentBody: Buffer.from([...Buffer.from('{"type":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]) }, notUtf8),
  // Properly signed, but not a Polar event.
  row('properly signed, not JSON', { body: 'not json' }),
  row('properly signed, empty body', { body: '' }),
  ...['[]', '[1,2,3]', 'null', '"text"', '42', '{"data":{}}', '{"type":5,"data":{}}', '{"type":"","data":{}}', '{"type":["subscription.created"]}', `{"type":"${'x'.repeat(101)}"}`].map((body) =>
    row(`properly signed, not an event envelope: ${body.length > 40 ? `${body.slice(0, 20)}…` : body}`, { body }, notAnEvent),
  ),

  ...['GET', 'PUT', 'DELETE', 'PATCH'].map((method): HostileRow => ({ name: `method ${method}`, request: () => ({ ...delivery({}), method, body: method === 'GET' ? undefined : event() }), expected: emptyAnswer(405) })),
  { name: 'a 20 KB query string (refused by the HTTP server)', request: () => ({ ...delivery({}), path: `/api/webhooks/polar?x=${'a'.repeat(20_000)}` }), expected: emptyAnswer(431) },
  row('a 20 KB webhook-id (refused by the HTTP server)', { id: `msg_${'a'.repeat(20_000)}` }, emptyAnswer(431)),
];

hostileTable('POST /api/webhooks/polar, hostile requests', rows, { ctx, sql });

describe('POST /api/webhooks/polar, signed payloads Postgres cannot store as they are', () => {
  // A 5xx here would make Polar redeliver them forever. Either answer is fine: record the
  // delivery (2xx, exactly one row) or refuse it (4xx, nothing written).
  it.each([
    ['a NUL in a data string', () => JSON.stringify({ type: 'hostile.probe', timestamp: new Date().toISOString(), data: { id: 'a\u0000b' } })],
    ['a NUL in the type', () => JSON.stringify({ type: 'hostile.\u0000probe', timestamp: new Date().toISOString(), data: {} })],
    ['a lone surrogate escape', () => '{"type":"hostile.probe","timestamp":"2026-01-01T00:00:00Z","data":{"id":"\\ud800"}}'],
    ['data nested 100k deep', () => `{"type":"hostile.probe","timestamp":"2026-01-01T00:00:00Z","data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
  ])('%s is never a 5xx', async (_name, body) => {
    const id = `msg_${randomUUID()}`;
    const before = await billingFingerprint(sql);
    const answer = await send(stack.appUrl, delivery({ body: body(), id }));
    expect(answer.status).toBeLessThan(500);
    const recorded = await sql`select 1 from public.polar_webhook_events where webhook_id = ${id}`;
    if (answer.status < 300) {
      expect(JSON.parse(answer.text)).toMatchObject({ received: true });
      expect(recorded).toHaveLength(1);
    } else {
      expectAnswer(answer, { status: answer.status, json: { error: 'Invalid webhook payload' } }, stack.appUrl);
      expect(await billingFingerprint(sql)).toBe(before);
    }
  });
});
