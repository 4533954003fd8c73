// The client's address, for per-address throttles: as the deployment can vouch for it, never as
// a client claims it. See README "Security" for the setting per hosting.
import { isIPv4, isIPv6 } from 'node:net';

export interface ClientAddressConfig {
  /** The header a trusted proxy overwrites (CLIENT_IP_HEADER); unset: the socket's address. */
  header?: string;
  /** For a list-valued header: the entry this many places from the right (CLIENT_IP_HOPS). */
  hops: number;
}

/** Every request whose address cannot be read shares this one key (and so its limit). */
export const UNKNOWN_ADDRESS = 'unknown';

const PRELOADED = Symbol.for('polar-supabase-billing.socket-address');

/** Whether src/preload/socket-address.mjs runs in this process (`npm start`, `npm run dev`). */
export const socketAddressPreloaded = () => (globalThis as Record<symbol, unknown>)[PRELOADED] === true;

export class UntrustedClientAddressError extends Error {
  constructor() {
    super(
      'X-Forwarded-For cannot be trusted: start the app with `npm start` (it preloads src/preload/socket-address.mjs), ' +
        'or set CLIENT_IP_HEADER to the header your proxy sets (x-real-ip on Vercel).',
    );
    this.name = 'UntrustedClientAddressError';
  }
}

/**
 * The throttling key of an address: IPv4 as is; IPv4-mapped IPv6 as IPv4; other IPv6 by its
 * /64, the block one subscriber usually holds (per address, anyone with a /64 could rotate
 * through 2^64 of them).
 */
export function addressKey(raw: string | null | undefined): string {
  let value = raw?.trim() ?? '';
  const bracketed = value.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.replace(/%[\w.-]+$/, ''); // an IPv6 zone id
  const mapped = value.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(value)) return value;
  if (isIPv6(value)) return `${expandIPv6(value).slice(0, 4).join(':')}::/64`;
  return UNKNOWN_ADDRESS;
}

function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const ipv4Tail = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -ipv4Tail[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => (parseInt(group, 16) || 0).toString(16));
}

/**
 * The client's address from a request's headers. With a proxy header configured, that header
 * (the entry `hops` from the right, for a list); without, X-Forwarded-For, which holds the
 * socket's address only because the preload removed whatever the client sent — so in
 * production it is refused when the preload did not run.
 */
export function clientAddress(headers: Headers, config: ClientAddressConfig, preloaded = socketAddressPreloaded()): string {
  if (config.header) {
    const entries = (headers.get(config.header) ?? '').split(',').map((entry) => entry.trim());
    return addressKey(entries.length >= config.hops ? entries[entries.length - config.hops] : null);
  }
  if (!preloaded && process.env.NODE_ENV === 'production') throw new UntrustedClientAddressError();
  return addressKey(headers.get('x-forwarded-for'));
}
