// Which origins a page's form-action allows after the app's redirects: the active provider's
// hosted pages only (or its offline stand-in's).
import { describe, expect, it } from 'vitest';
import { paymentPagesOrigins } from '@/lib/http/security-headers';

const base = { POLAR_SERVER: 'sandbox' as const };

describe('paymentPagesOrigins', () => {
  it("is Polar's frontend for its server, or the stand-in's origin", () => {
    expect(paymentPagesOrigins({ ...base, PAYMENT_PROVIDER: 'polar' })).toBe('https://sandbox.polar.sh');
    expect(paymentPagesOrigins({ PAYMENT_PROVIDER: 'polar', POLAR_SERVER: 'production' })).toBe('https://polar.sh');
    expect(paymentPagesOrigins({ ...base, PAYMENT_PROVIDER: 'polar', POLAR_API_URL: 'http://127.0.0.1:54330/v1' })).toBe('http://127.0.0.1:54330');
  });

  it("is Stripe's Checkout and portal hosts, never Polar's, when Stripe bills", () => {
    expect(paymentPagesOrigins({ ...base, PAYMENT_PROVIDER: 'stripe', POLAR_API_URL: 'http://127.0.0.1:54330' })).toBe('https://checkout.stripe.com https://billing.stripe.com');
    expect(paymentPagesOrigins({ ...base, PAYMENT_PROVIDER: 'stripe', STRIPE_API_URL: 'http://127.0.0.1:54335' })).toBe('http://127.0.0.1:54335');
  });

  it("is the stores' subdomains when Lemon Squeezy bills", () => {
    expect(paymentPagesOrigins({ ...base, PAYMENT_PROVIDER: 'lemonsqueezy' })).toBe('https://*.lemonsqueezy.com');
    expect(paymentPagesOrigins({ ...base, PAYMENT_PROVIDER: 'lemonsqueezy', LEMONSQUEEZY_API_URL: 'http://127.0.0.1:54336' })).toBe('http://127.0.0.1:54336');
  });
});
