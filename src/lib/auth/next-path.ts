import { safeReturnUrl } from '@/lib/http/return-url';

/**
 * Where to send someone after signing in: the `next` they came with when safeReturnUrl (the one
 * validator) accepts it, else the dashboard. Returned as a path, ready for redirect(); the path
 * comes from the validated, normalised URL, never from the raw input.
 */
export function safeNextPath(value: unknown, siteUrl: string, fallback = '/dashboard'): string {
  const url = safeReturnUrl(value, siteUrl);
  if (!url) return fallback;
  return url.slice(new URL(url).origin.length);
}
