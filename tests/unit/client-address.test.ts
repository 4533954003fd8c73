import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, UNKNOWN_ADDRESS, UntrustedClientAddressError } from '@/lib/http/client-address';

const headers = (values: Record<string, string>) => new Headers(values);

describe('addressKey', () => {
  it.each([
    ['127.0.0.2', '127.0.0.2'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:127.0.0.2', '127.0.0.2'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['[2001:db8:1:2::1]:443', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:0::/64'],
  ])('%j → %j', (raw, key) => {
    expect(addressKey(raw)).toBe(key);
  });

  it.each(['', 'unknown', 'evil.example', '1.2.3.4, 5.6.7.8', '999.1.1.1', '1.2.3', '::ffff:999.1.1.1', 'a'.repeat(100), null, undefined])('%j is unknown', (raw) => {
    expect(addressKey(raw)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('clientAddress', () => {
  it('without a proxy, reads X-Forwarded-For (which the preload made the socket address)', () => {
    expect(clientAddress(headers({ 'x-forwarded-for': '127.0.0.2' }), { hops: 1 }, true)).toBe('127.0.0.2');
  });

  it('without a proxy and without the preload, refuses in production rather than trust the header', () => {
    const previous = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = 'production';
    try {
      expect(() => clientAddress(headers({ 'x-forwarded-for': '127.0.0.2' }), { hops: 1 }, false)).toThrow(UntrustedClientAddressError);
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = previous;
    }
  });

  it('behind Vercel (x-real-ip), reads that header and ignores X-Forwarded-For', () => {
    const config = { header: 'x-real-ip', hops: 1 };
    expect(clientAddress(headers({ 'x-real-ip': '203.0.113.7', 'x-forwarded-for': '10.9.9.9' }), config, false)).toBe('203.0.113.7');
    expect(clientAddress(headers({ 'x-forwarded-for': '10.9.9.9' }), config, false)).toBe(UNKNOWN_ADDRESS);
  });

  it('behind N proxies appending to X-Forwarded-For, takes the Nth address from the right', () => {
    const forged = headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.5' });
    expect(clientAddress(forged, { header: 'x-forwarded-for', hops: 1 }, false)).toBe('10.0.0.5');
    expect(clientAddress(forged, { header: 'x-forwarded-for', hops: 2 }, false)).toBe('203.0.113.7');
    expect(clientAddress(forged, { header: 'x-forwarded-for', hops: 4 }, false)).toBe(UNKNOWN_ADDRESS);
  });
});
