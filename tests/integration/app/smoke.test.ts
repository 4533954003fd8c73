import { describe, expect, inject, it } from 'vitest';

const { appUrl } = inject('stack');

describe('the production build on the offline stack', () => {
  it('serves the home page', async () => {
    const response = await fetch(appUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Polar × Supabase Billing');
  });

  it('runs the root middleware: a signed-out visit to /dashboard goes to sign-in', async () => {
    const response = await fetch(`${appUrl}/dashboard?tab=billing`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get('location')!, appUrl);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('next')).toBe('/dashboard?tab=billing');
  });
});
