import { describe, expect, it } from 'vitest';
import { returnUrlOrDefault, safeReturnUrl } from '@/lib/http/return-url';

const SITE = 'http://localhost:3000';

describe('safeReturnUrl', () => {
  it.each([
    ['/dashboard', 'http://localhost:3000/dashboard'],
    ['/dashboard?tab=billing#plan', 'http://localhost:3000/dashboard?tab=billing#plan'],
    ['/a/../dashboard', 'http://localhost:3000/dashboard'],
    ['http://localhost:3000/settings', 'http://localhost:3000/settings'],
    ['HTTP://LOCALHOST:3000/x', 'http://localhost:3000/x'],
    ['/search?q=%2Fdocs', 'http://localhost:3000/search?q=%2Fdocs'],
  ])('accepts %s on the site origin', (input, expected) => {
    expect(safeReturnUrl(input, SITE)).toBe(expected);
  });

  it.each([
    'https://evil.example',
    'http://localhost:3001/dashboard',
    'https://localhost:3000/dashboard',
    'http://localhost:3000.evil.example/',
    'http://localhost:3000@evil.example/',
    'http://user:pass@localhost:3000/',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '/%5Cevil.example',
    '/\t/evil.example',
    ' /dashboard',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'dashboard',
    'evil.example',
    'http:evil.example',
    'https:/evil.example',
    '/\u2028/evil.example',
    // On the origin as an absolute URL, but the normalised path is protocol-relative.
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    'http://localhost:3000//evil.example',
    'http://localhost:3000/.//evil.example',
    '',
    `/${'a'.repeat(3000)}`,
  ])('rejects %j', (input) => {
    expect(safeReturnUrl(input, SITE)).toBeNull();
  });

  it.each([42, null, undefined, ['/dashboard'], { url: '/dashboard' }])('rejects non-strings: %j', (input) => {
    expect(safeReturnUrl(input, SITE)).toBeNull();
  });
});

describe('returnUrlOrDefault', () => {
  it('uses the default path when nothing was given', () => {
    expect(returnUrlOrDefault(undefined, SITE, '/dashboard')).toBe('http://localhost:3000/dashboard');
    expect(returnUrlOrDefault('', SITE, '/dashboard')).toBe('http://localhost:3000/dashboard');
  });

  it('still refuses a bad value', () => {
    expect(returnUrlOrDefault('//evil.example', SITE, '/dashboard')).toBeNull();
  });
});
