// Where the app may send a browser back to: its own origin, nowhere else. The one validator of
// every `returnUrl` / `next` value a client can send (routes, pages, server actions and
// /auth/confirm all come here, directly or through safeNextPath), so an open redirect cannot be
// built from them.

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
 * A path that a browser, given it as a relative Location, would read as another host: `//host`
 * (protocol-relative) or `/\host` (browsers treat `\` as `/`).
 */
const leavesTheOrigin = (path: string) => path.startsWith('//') || path.startsWith('/\\');

/** The path as a consumer that decodes escapes and resolves the result again would see it. */
function reresolvedPath(pathname: string, site: URL): string {
  try {
    return new URL(fullyDecoded(pathname), site).pathname;
  } catch {
    return '//'; // unreadable once decoded: treat as leaving the origin
  }
}

/**
 * Returns `input` as an absolute URL on `siteUrl`'s origin, or null when it may not be used.
 * Accepts a path (`/dashboard?x=1`) or an absolute URL on the site's own origin.
 *
 * The decision is made on the URL as it will be used, after normalisation: `/.//evil.example`
 * and `/a/..//evil.example` are harmless-looking inputs whose path becomes `//evil.example`
 * once the dot segments are removed, and as a relative redirect that leaves the site.
 */
export function safeReturnUrl(input: unknown, siteUrl: string): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LENGTH) return null;
  const decoded = fullyDecoded(input);
  if (FORBIDDEN_CHARACTERS.test(input) || FORBIDDEN_CHARACTERS.test(decoded)) return null;

  const site = new URL(siteUrl);
  const isPath = input.startsWith('/');
  if (isPath && leavesTheOrigin(decoded)) return null;
  if (!isPath && !/^https?:\/\//i.test(input)) return null;

  let url: URL;
  try {
    url = new URL(input, site);
  } catch {
    return null;
  }
  if (url.origin !== site.origin || url.username || url.password) return null;
  // The normalised path, and the same path read by a consumer that decodes escapes and
  // resolves it again, must both stay a path on this origin.
  if (leavesTheOrigin(url.pathname) || leavesTheOrigin(reresolvedPath(url.pathname, site))) return null;
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
