// GoTrue's redirect_to rules (internal/utilities/request.go IsRedirectURLValid) and its allow-list
// globs (gobwas/glob with '.' and '/' as separators), on the stand-in's implementation.
import { describe, expect, it } from 'vitest';
import { globToRegExp, isRedirectUrlValid } from '../../local/supabase/auth/redirects.ts';
import type { AuthSettings } from '../../local/supabase/auth/settings.ts';

const settings = (siteUrl: string, redirectAllowList: string[] = []) => ({ siteUrl, redirectAllowList }) as AuthSettings;

describe('isRedirectUrlValid', () => {
  it('accepts the site itself (scheme, host and port), any port on a localhost site, and any loopback IP', () => {
    const site = settings('https://app.example.com');
    expect(isRedirectUrlValid(site, 'https://app.example.com/auth/confirm?next=/x')).toBe(true);
    expect(isRedirectUrlValid(site, 'http://app.example.com/auth/confirm')).toBe(false);
    expect(isRedirectUrlValid(site, 'https://app.example.com:8443/')).toBe(false);
    expect(isRedirectUrlValid(site, 'https://APP.example.com/')).toBe(false);
    expect(isRedirectUrlValid(settings('http://localhost:3000'), 'http://localhost:4000/x')).toBe(true);
    expect(isRedirectUrlValid(site, 'http://127.0.0.9:1234/anything')).toBe(true);
    expect(isRedirectUrlValid(site, 'http://[::1]:3000/')).toBe(true);
  });

  it('refuses decimal and other non-loopback IPs, odd hostnames, unparsable URLs and the empty string', () => {
    const site = settings('https://app.example.com');
    for (const url of ['http://2130706433/', 'http://10.0.0.1/', 'http://[::2]/', 'https://ev_il.example/', 'not a url', '', '/relative']) {
      expect(isRedirectUrlValid(site, url), url).toBe(false);
    }
  });

  it('matches the allow list as globs over the whole URL without its fragment, query included', () => {
    const site = settings('https://app.example.com', ['https://*.preview.example.com/**', 'https://exact.example.com']);
    expect(isRedirectUrlValid(site, 'https://pr-1.preview.example.com/auth/confirm?next=/')).toBe(true);
    expect(isRedirectUrlValid(site, 'https://a.b.preview.example.com/')).toBe(false);
    expect(isRedirectUrlValid(site, 'https://exact.example.com#frag')).toBe(true);
    expect(isRedirectUrlValid(site, 'https://exact.example.com/')).toBe(false);
    expect(isRedirectUrlValid(site, 'https://exact.example.com?x=1')).toBe(false);
  });
});

describe('globToRegExp', () => {
  it('follows gobwas/glob: * and ? stop at separators, ** does not, braces and classes', () => {
    expect(globToRegExp('a*c').test('abbc')).toBe(true);
    expect(globToRegExp('a*c').test('a.c')).toBe(false);
    expect(globToRegExp('a**c').test('a/b.c')).toBe(true);
    expect(globToRegExp('a?c').test('a/c')).toBe(false);
    expect(globToRegExp('{http,https}://x').test('https://x')).toBe(true);
    expect(globToRegExp('[!a]b').test('ab')).toBe(false);
    expect(globToRegExp('\\*').test('*')).toBe(true);
  });
});
