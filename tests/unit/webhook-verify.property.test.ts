// Properties of webhook verification over generated deliveries, signed by the one signer the
// Polar stand-in uses: a genuine delivery verifies, any single changed character does not, and
// nothing but InvalidWebhookError ever comes out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhook, type WebhookScheme } from '../../local/polar/webhook-signer.ts';
import { InvalidWebhookError, verifyWebhook, webhookVerifiers } from '@/lib/polar/webhook-verify';

const RUNS = { numRuns: 300 };
const TOLERANCE = 300;
const now = () => Math.floor(Date.now() / 1000);

/** Printable ASCII without space: survives an HTTP header (and `Headers`) unchanged. */
const headerChar = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));
const webhookId = fc.string({ unit: headerChar, minLength: 1, maxLength: 40 });

/** whsec_ + the key in base64: padded, unpadded or URL-safe, all of which the verifier reads. */
const standardSecret = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom('base64', 'unpadded', 'base64url'))
  .map(([bytes, form]) => {
    const padded = Buffer.from(bytes).toString('base64');
    const remainder = form === 'base64' ? padded : form === 'unpadded' ? padded.replace(/=+$/, '') : Buffer.from(bytes).toString('base64url');
    return `whsec_${remainder}`;
  });
const legacySecret = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
/** A secret with a scheme it can sign under: `standard` needs whsec_ + base64. */
const secretAndScheme = fc.oneof(
  fc.tuple(standardSecret, fc.constantFrom<WebhookScheme>('raw', 'standard')),
  fc.tuple(legacySecret, fc.constant<WebhookScheme>('raw')),
);

const jsonBody = fc.json({ maxDepth: 3 });
const anyBody = fc.oneof(jsonBody, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }));

const delivery = fc.record({ body: anyBody, id: webhookId, secretAndScheme, skew: fc.integer({ min: -(TOLERANCE - 10), max: TOLERANCE - 10 }) }).map(({ body, id, secretAndScheme: [secret, scheme], skew }) => ({
  body,
  secret,
  headers: signWebhook({ secret, scheme, id, body, timestamp: now() + skew }) as Record<string, string>,
}));

const verify = (body: string, headers: Record<string, string>, secret: string) => verifyWebhook(body, new Headers(headers), webhookVerifiers(secret));

function parsedOrUndefined(body: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

/** `text` with the code point at `index` (modulo its length) replaced by a different one. */
function flip(text: string, index: number, replacement: string): string {
  const points = [...text];
  const at = index % points.length;
  points[at] = points[at] === replacement ? (replacement === 'A' ? 'B' : 'A') : replacement;
  return points.join('');
}

function expectInvalid(run: () => unknown) {
  expect(run).toThrow(InvalidWebhookError);
}

describe('verifyWebhook over generated deliveries', () => {
  it('accepts a genuine delivery, returning its id and parsed body (and refuses a body that is not JSON)', () => {
    fc.assert(
      fc.property(delivery, ({ body, secret, headers }) => {
        const parsed = parsedOrUndefined(body);
        if (parsed) expect(verify(body, headers, secret)).toEqual({ id: headers['webhook-id'], payload: parsed.value });
        else expectInvalid(() => verify(body, headers, secret));
      }),
      RUNS,
    );
  });

  it('refuses the delivery once any one character of the body changes', () => {
    fc.assert(
      fc.property(delivery.filter((d) => d.body.length > 0), fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), ({ body, secret, headers }, index, replacement) => {
        expectInvalid(() => verify(flip(body, index, replacement), headers, secret));
      }),
      RUNS,
    );
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)('refuses the delivery once any one character of %s changes', (header) => {
    fc.assert(
      fc.property(delivery, fc.nat(), headerChar, ({ body, secret, headers }, index, replacement) => {
        expectInvalid(() => verify(body, { ...headers, [header]: flip(headers[header]!, index, replacement) }, secret));
      }),
      RUNS,
    );
  });

  it(`refuses a genuine signature more than ${TOLERANCE} s before or after now`, () => {
    const offset = fc.integer({ min: TOLERANCE + 2, max: 10 ** 9 }).chain((seconds) => fc.constantFrom(seconds, -seconds));
    fc.assert(
      fc.property(jsonBody, webhookId, secretAndScheme, offset, (body, id, [secret, scheme], skew) => {
        const headers = signWebhook({ secret, scheme, id, body, timestamp: now() + skew }) as Record<string, string>;
        expectInvalid(() => verify(body, headers, secret));
      }),
      RUNS,
    );
  });

  it('refuses a genuine signature under any other secret', () => {
    fc.assert(
      fc.property(delivery, secretAndScheme, ({ body, secret, headers }, [other]) => {
        fc.pre(other !== secret);
        expectInvalid(() => verify(body, headers, other));
      }),
      RUNS,
    );
  });

  it('throws nothing but InvalidWebhookError, whatever the headers hold', () => {
    // Not only what HTTP can carry: a stand-in for Headers hands the verifier any string at all.
    const value = fc.oneof(fc.constant(null), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 60 }));
    const mutation = fc.record({ id: value, timestamp: fc.oneof(value, fc.integer().map(String), fc.double().map(String)), signature: fc.oneof(value, value.map((v) => `v1,${v}`)) }, { requiredKeys: [] });
    fc.assert(
      fc.property(delivery, mutation, anyBody, fc.boolean(), ({ body, secret, headers }, changes, otherBody, changeBody) => {
        const mutated: Record<string, string | null> = {
          'webhook-id': 'id' in changes ? changes.id! : headers['webhook-id']!,
          'webhook-timestamp': 'timestamp' in changes ? changes.timestamp! : headers['webhook-timestamp']!,
          'webhook-signature': 'signature' in changes ? changes.signature! : headers['webhook-signature']!,
        };
        const getter = { get: (name: string) => mutated[name.toLowerCase()] ?? null } as unknown as Headers;
        try {
          verifyWebhook(changeBody ? otherBody : body, getter, webhookVerifiers(secret));
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidWebhookError);
        }
      }),
      RUNS,
    );
  });
});
