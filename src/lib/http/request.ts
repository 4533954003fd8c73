import { forbidden } from './errors';

/** A top-level browser navigation (a link, a typed URL), as opposed to fetch() from a script. */
export function isNavigation(request: Request): boolean {
  const mode = request.headers.get('sec-fetch-mode');
  if (mode) return mode === 'navigate';
  // Browsers without Fetch Metadata: an HTML-first Accept header means a page load.
  return /^\s*text\/html/i.test(request.headers.get('accept') ?? '');
}

/**
 * Refuses cross-site state-changing requests: the Origin (or, failing that, Fetch Metadata)
 * must say the request comes from the app itself. Non-browser clients send neither.
 */
export function assertSameOrigin(request: Request, siteUrl: string): void {
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (origin !== new URL(siteUrl).origin) throw forbidden();
    return;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') throw forbidden();
}
