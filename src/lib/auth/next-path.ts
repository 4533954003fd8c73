import { safeReturnUrl } from '@/lib/http/return-url';

/**
 * Where to send someone after signing in: the `next` they came with when it is a path on this
 * site, else the dashboard. Returned as a path, ready for redirect().
 */
export function safeNextPath(value: unknown, siteUrl: string, fallback = '/dashboard'): string {
  const url = safeReturnUrl(value, siteUrl);
  if (!url) return fallback;
  const { pathname, search, hash } = new URL(url);
  return `${pathname}${search}${hash}`;
}
