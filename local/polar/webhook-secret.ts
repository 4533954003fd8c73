// Webhook secrets shaped like the ones Polar generates: `whsec_`, 37 random alphanumerics and a
// 6-character base62 CRC32 of them (server/polar/kit/crypto.py generate_token). The 43
// characters after the prefix are also valid *unpadded* base64, which is how the Standard
// Webhooks scheme reads them: the verifier must accept exactly this shape.
import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(value: number, width: number): string {
  let out = '';
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) out = ALPHABET[rest % 62] + out;
  return out.padStart(width, '0');
}

/** A Polar-format secret; `seed` (37 alphanumerics) makes it fixed, as the dev stack's is. */
export function polarWebhookSecret(seed?: string): string {
  const token = seed ?? Array.from({ length: 37 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  if (!/^[0-9A-Za-z]{37}$/.test(token)) throw new Error('a Polar webhook secret seed is 37 alphanumerics');
  return `whsec_${token}${base62(crc32(token), 6)}`;
}
