// Where the app may send a browser back to: its own origin, nowhere else. Used for every
// `returnUrl` / `next` value a client can send, so an open redirect cannot be built from them.

const MAX_LENGTH = 2048;
// Control characters, whitespace and backslashes: browsers strip or reinterpret them, which is
// how `/\evil.example` or `/\t/evil.example` turn into another host.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\\]/;

/** Decodes percent-escapes repeatedly (a few layers), so `%2F%2Fevil` is seen as `//evil`. */
function fullyDecoded(value: string): string {
  let current = value;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Returns `input` as an absolute URL on `siteUrl`'s origin, or null when it may not be used.
 * Accepts a path (`/dashboard?x=1`) or an absolute URL on the site's own origin.
 */
export function safeReturnUrl(input: unknown, siteUrl: string): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LENGTH) return null;
  const decoded = fullyDecoded(input);
  if (FORBIDDEN_CHARACTERS.test(input) || FORBIDDEN_CHARACTERS.test(decoded)) return null;

  const site = new URL(siteUrl);
  const isPath = input.startsWith('/');
  if (isPath && (decoded.startsWith('//') || decoded.startsWith('/\\'))) return null;
  if (!isPath && !/^https?:\/\//i.test(input)) return null;

  let url: URL;
  try {
    url = new URL(input, site);
  } catch {
    return null;
  }
  if (url.origin !== site.origin || url.username || url.password) return null;
  // Polar's helpers pass the URL through decodeURI, which throws on a malformed escape (`/%`).
  try {
    decodeURI(url.href);
  } catch {
    return null;
  }
  return url.href;
}

/** Like safeReturnUrl, with a default path when no value was given at all. */
export function returnUrlOrDefault(input: unknown, siteUrl: string, defaultPath: string): string | null {
  if (input === undefined || input === null || input === '') return new URL(defaultPath, siteUrl).href;
  return safeReturnUrl(input, siteUrl);
}
