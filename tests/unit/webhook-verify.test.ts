import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../local/polar/webhook-signer.ts';
import { InvalidWebhookError, verifyWebhook, webhookVerifiers } from '@/lib/polar/webhook-verify';

// A secret in the new format: `whsec_` + base64. Both schemes must verify with this one string.
const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const body = JSON.stringify({ type: 'subscription.created', timestamp: new Date().toISOString(), data: { id: 'sub_1' } });

function deliver(headers: Record<string, string>, payload = body, secret = SECRET) {
  return verifyWebhook(payload, new Headers(headers), webhookVerifiers(secret));
}

describe('verifyWebhook', () => {
  it.each(['raw', 'standard'] as const)('accepts a delivery signed under the %s scheme', (scheme) => {
    const headers = signWebhook({ secret: SECRET, scheme, id: 'msg_1', body });
    expect(deliver(headers)).toEqual({ id: 'msg_1', payload: JSON.parse(body) });
  });

  it.each([
    ['unpadded', (key: Buffer) => key.toString('base64').replace(/=+$/, '')],
    ['URL-safe', (key: Buffer) => key.toString('base64url')],
  ])('accepts the standard scheme for a secret whose remainder is %s base64', (_form, encode) => {
    // 31 bytes: padded base64 would end in "=", and +/ appear in the standard alphabet.
    const key = Buffer.from(Buffer.from('fb3f7ef9a1be3fff0123456789abcde', 'utf8').map((byte, i) => (i % 3 === 0 ? byte | 0xf8 : byte)));
    const secret = `whsec_${encode(key)}`;
    const headers = signWebhook({ secret, scheme: 'standard', id: 'msg_u', body });
    expect(deliver(headers, body, secret).id).toBe('msg_u');
  });

  it('finds no decoded key in a remainder that cannot be base64 (raw scheme still checked)', () => {
    for (const secret of ['whsec_', 'whsec_a', 'whsec_ab!c', 'whsec_ab+c_d', 'polar_whs_abcd']) {
      expect(webhookVerifiers(secret)).toHaveLength(1);
      const headers = signWebhook({ secret, scheme: 'raw', id: 'msg_r', body });
      expect(deliver(headers, body, secret).id).toBe('msg_r');
    }
  });

  it('accepts a legacy secret that is not base64 (raw scheme only)', () => {
    const legacy = 'polar_whs_not-base64!';
    const headers = signWebhook({ secret: legacy, scheme: 'raw', id: 'msg_2', body });
    expect(deliver(headers, body, legacy).id).toBe('msg_2');
  });

  it('checks later deliveries with the key that verified the last one first, both schemes still accepted', () => {
    const verifiers = webhookVerifiers(SECRET);
    const [decoded, raw] = verifiers;
    const send = (scheme: 'raw' | 'standard', id: string) =>
      verifyWebhook(body, new Headers(signWebhook({ secret: SECRET, scheme, id, body })), verifiers).id;
    expect(send('raw', 'r1')).toBe('r1');
    expect(verifiers[0]).toBe(raw);
    expect(verifiers[1]).toBe(decoded);
    expect(send('raw', 'r2')).toBe('r2');
    expect(send('standard', 's1')).toBe('s1');
    expect(verifiers[0]).toBe(decoded);
    expect(verifiers[1]).toBe(raw);
  });

  it('accepts one valid signature among several', () => {
    const headers = signWebhook({ secret: SECRET, scheme: 'standard', id: 'msg_3', body });
    headers['webhook-signature'] = `v1,AAAA ${headers['webhook-signature']}`;
    expect(deliver(headers).id).toBe('msg_3');
  });

  it.each([
    ['a signature from another secret', () => signWebhook({ secret: 'whsec_b3RoZXI=', id: 'm', body })],
    ['a stale timestamp', () => signWebhook({ secret: SECRET, id: 'm', body, timestamp: Date.now() / 1000 - 6 * 60 })],
    ['a future timestamp', () => signWebhook({ secret: SECRET, id: 'm', body, timestamp: Date.now() / 1000 + 6 * 60 })],
    ['no signature', () => ({ ...signWebhook({ secret: SECRET, id: 'm', body }), 'webhook-signature': '' })],
    ['no id', () => ({ ...signWebhook({ secret: SECRET, id: 'm', body }), 'webhook-id': '' })],
    ['a changed id', () => ({ ...signWebhook({ secret: SECRET, id: 'm', body }), 'webhook-id': 'other' })],
    ['a v2 signature', () => {
      const headers = signWebhook({ secret: SECRET, id: 'm', body });
      return { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') };
    }],
    ['a garbled timestamp', () => ({ ...signWebhook({ secret: SECRET, id: 'm', body }), 'webhook-timestamp': 'soon' })],
  ])('rejects %s', (_name, headers) => {
    expect(() => deliver(headers())).toThrow(InvalidWebhookError);
  });

  it('rejects a body changed after signing', () => {
    const headers = signWebhook({ secret: SECRET, id: 'm', body });
    expect(() => deliver(headers, body.replace('sub_1', 'sub_2'))).toThrow(InvalidWebhookError);
  });

  it('rejects a correctly signed body that is not JSON', () => {
    const headers = signWebhook({ secret: SECRET, id: 'm', body: 'not json' });
    expect(() => deliver(headers, 'not json')).toThrow(/not JSON/);
  });
});
