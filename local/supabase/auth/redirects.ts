// Where GoTrue sends people back to (supabase/auth internal/utilities/request.go GetReferrer,
// IsRedirectURLValid; url_validator.go isLocalhost; conf/configuration.go compiles the allow
// list with gobwas/glob and '.' and '/' as separators). An invalid redirect_to is no error: it
// is silently replaced by the site URL.
import type { Context } from 'hono';
import type { AuthSettings } from './settings.ts';

const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);
const REGULAR_HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;

/** gobwas/glob: `*` stops at a separator, `**` does not, `?` one non-separator, `[…]`, `{a,b}`, `\` escapes. */
export function globToRegExp(pattern: string, separators = './'): RegExp {
  const notSep = `[^${separators.replace(/[\\\]^-]/g, '\\$&')}]`;
  let source = '';
  let inBraces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (ch === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (ch === '*') source += `${notSep}*`;
    else if (ch === '?') source += notSep;
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else if (ch === '{') {
      source += '(?:';
      inBraces++;
    } else if (ch === '}' && inBraces) {
      source += ')';
      inBraces--;
    } else if (ch === ',' && inBraces) source += '|';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Scheme, host and port as Go's url.Parse reads them: raw, unlike WHATWG URL, which would turn
 * http://2130706433/ into 127.0.0.1 and lower-case hosts that Go compares as written.
 */
function goUrlParts(url: string): { scheme: string; host: string; port: string } | null {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?(?:[/?#]|$)/.exec(url);
  if (!match) return null;
  return { scheme: match[1]!.toLowerCase(), host: match[2]!.replace(/^\[|\]$/g, ''), port: match[3] ?? '' };
}

function isLoopbackIp(host: string): boolean | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split('.').every((n) => Number(n) <= 255) && host.startsWith('127.');
  if (host.includes(':')) return host === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(host) || /^::ffff:127\./i.test(host);
  return undefined;
}

export function isRedirectUrlValid(settings: AuthSettings, redirectUrl: string): boolean {
  if (!redirectUrl) return false;
  const base = goUrlParts(settings.siteUrl);
  const target = goUrlParts(redirectUrl);
  if (!base || !target) return false;
  // Back to the site: scheme and host must match, and the port too unless the host is loopback.
  if (base.host === target.host && base.scheme === target.scheme && (base.port === target.port || LOCALHOST.has(target.host.toLowerCase()))) {
    return true;
  }
  if (/^[0-9]+$/.test(target.host)) return false;
  const loopback = isLoopbackIp(target.host);
  if (loopback !== undefined) return loopback;
  const http = target.scheme === 'http' || target.scheme === 'https';
  if (http && !REGULAR_HOSTNAME.test(target.host)) return false;
  const withoutFragment = redirectUrl.split('#')[0]!;
  return settings.redirectAllowList.some((pattern) => globToRegExp(pattern).test(withoutFragment));
}

/** The `redirect_to` header, else the query's, else the Referer; the first valid one, or the site URL. */
export function referrer(c: Context, settings: AuthSettings): string {
  const requested = c.req.header('redirect_to') || c.req.query('redirect_to') || '';
  if (isRedirectUrlValid(settings, requested)) return requested;
  const referer = c.req.header('referer') ?? '';
  if (isRedirectUrlValid(settings, referer)) return referer;
  return settings.siteUrl;
}
