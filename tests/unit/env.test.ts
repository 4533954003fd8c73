import { describe, expect, it } from 'vitest';
import { validateEnv } from '@/env';
import { serverEnvSchema } from '@/env/schema';

const valid = {
  NEXT_PUBLIC_SITE_URL: 'http://localhost:3000/',
  NEXT_PUBLIC_SUPABASE_URL: 'https://abc.supabase.co',
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_abc',
  SUPABASE_SERVICE_ROLE_KEY: 'sb_secret_abc',
  POLAR_ACCESS_TOKEN: 'polar_oat_abc',
  POLAR_WEBHOOK_SECRET: 'whsec_abc',
  POLAR_SERVER: 'sandbox',
};

const without = (env: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));

describe('validateEnv', () => {
  it('accepts a complete environment', () => {
    expect(() => validateEnv(valid)).not.toThrow();
  });

  it('names every missing variable and what it should look like', () => {
    const rest = without(valid, 'SUPABASE_SERVICE_ROLE_KEY', 'POLAR_SERVER');
    expect(() => validateEnv(rest)).toThrow(/SUPABASE_SERVICE_ROLE_KEY is required, e\.g\. sb_secret_/);
    expect(() => validateEnv(rest)).toThrow(/POLAR_SERVER is required when PAYMENT_PROVIDER=polar, "sandbox" or "production"/);
  });

  it("requires the selected provider's keys, and only those", () => {
    expect(() => validateEnv({ ...valid, PAYMENT_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY is required when PAYMENT_PROVIDER=stripe/);
    expect(() => validateEnv({ ...valid, PAYMENT_PROVIDER: 'stripe' })).toThrow(/STRIPE_WEBHOOK_SECRET is required when PAYMENT_PROVIDER=stripe/);
    expect(() => validateEnv({ ...valid, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_abcdefgh123', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh123' })).not.toThrow();
    expect(() => validateEnv({ ...valid, PAYMENT_PROVIDER: 'lemonsqueezy' })).toThrow(/LEMONSQUEEZY_API_KEY is required when PAYMENT_PROVIDER=lemonsqueezy/);
    expect(() => validateEnv({ ...valid, PAYMENT_PROVIDER: 'lemonsqueezy' })).toThrow(/LEMONSQUEEZY_STORE_ID is required/);
    expect(() => validateEnv({ ...valid, PAYMENT_PROVIDER: 'paddle' })).toThrow(/PAYMENT_PROVIDER must be "polar", "stripe" or "lemonsqueezy"/);
    expect(() => validateEnv({ ...valid, STRIPE_SECRET_KEY: 'pk_test_publishable123' })).toThrow(/STRIPE_SECRET_KEY must be a Stripe secret key/);
  });

  it("needs Polar's keys only when Polar bills, and then all three or none", () => {
    const stripe = { ...without(valid, 'POLAR_ACCESS_TOKEN', 'POLAR_WEBHOOK_SECRET', 'POLAR_SERVER'), PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_abcdefgh123', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh123' };
    expect(() => validateEnv(stripe)).not.toThrow();
    expect(() => validateEnv({ ...stripe, POLAR_ACCESS_TOKEN: 'polar_oat_abc' })).toThrow(/POLAR_WEBHOOK_SECRET is required with POLAR_ACCESS_TOKEN: set all three Polar variables, or none/);
    expect(() => validateEnv({ ...stripe, POLAR_ACCESS_TOKEN: 'polar_oat_abc' })).toThrow(/POLAR_SERVER is required with POLAR_ACCESS_TOKEN/);
    expect(() => validateEnv({ ...stripe, POLAR_ACCESS_TOKEN: 'polar_oat_abc', POLAR_WEBHOOK_SECRET: 'whsec_abc', POLAR_SERVER: 'sandbox' })).not.toThrow();
    expect(() => validateEnv(without(valid, 'POLAR_WEBHOOK_SECRET'))).toThrow(/POLAR_WEBHOOK_SECRET is required when PAYMENT_PROVIDER=polar, e\.g\. whsec_/);
  });

  it('reports a key of the wrong shape once, not also as missing', () => {
    const message = (env: Record<string, string>) => {
      try {
        validateEnv(env);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(message({ ...valid, POLAR_SERVER: 'Sandbox' }).match(/POLAR_SERVER/g)).toHaveLength(1);
    expect(message({ ...valid, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'pk_test_publishable123', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh123' }).match(/STRIPE_SECRET_KEY/g)).toHaveLength(1);
  });

  it('treats an empty value as missing', () => {
    expect(() => validateEnv({ ...valid, POLAR_ACCESS_TOKEN: '' })).toThrow(/POLAR_ACCESS_TOKEN is required/);
  });

  it('rejects malformed URLs and unknown Polar servers', () => {
    expect(() => validateEnv({ ...valid, NEXT_PUBLIC_SUPABASE_URL: 'abc.supabase.co' })).toThrow(/NEXT_PUBLIC_SUPABASE_URL must be an http\(s\) URL/);
    expect(() => validateEnv({ ...valid, NEXT_PUBLIC_SITE_URL: 'javascript:alert(1)' })).toThrow(/NEXT_PUBLIC_SITE_URL/);
    expect(() => validateEnv({ ...valid, POLAR_SERVER: 'prod' })).toThrow(/POLAR_SERVER/);
  });

  it('never derives the Polar server from NODE_ENV', () => {
    const rest = without(valid, 'POLAR_SERVER');
    expect(() => validateEnv({ ...rest, NODE_ENV: 'production' })).toThrow(/POLAR_SERVER/);
  });

  it('has the documented throttles by default, and takes <count>/<seconds>', () => {
    const env = serverEnvSchema.parse(valid);
    expect(env).toMatchObject({
      RATE_LIMIT_SIGN_IN_PER_ADDRESS: { limit: 10, windowSeconds: 300 },
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT: { limit: 5, windowSeconds: 300 },
      RATE_LIMIT_SIGN_UP_PER_ADDRESS: { limit: 5, windowSeconds: 3600 },
      RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS: { limit: 5, windowSeconds: 3600 },
      RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: { limit: 3, windowSeconds: 3600 },
      RATE_LIMIT_PORTAL_PER_USER: { limit: 10, windowSeconds: 60 },
      RATE_LIMIT_CHECKOUT_PER_USER: { limit: 10, windowSeconds: 600 },
      RATE_LIMIT_SUBSCRIPTION_CHANGES_PER_USER: { limit: 10, windowSeconds: 600 },
      CLIENT_IP_HOPS: 1,
    });
    expect(env.CLIENT_IP_HEADER).toBeUndefined();
    expect(serverEnvSchema.parse({ ...valid, RATE_LIMIT_PORTAL_PER_USER: '3/7', CLIENT_IP_HEADER: 'X-Real-IP' })).toMatchObject({
      RATE_LIMIT_PORTAL_PER_USER: { limit: 3, windowSeconds: 7 },
      CLIENT_IP_HEADER: 'x-real-ip',
    });
  });

  it.each(['10', '10/', 'ten/60', '0/60', '10/0', '100000/60', '-1/60', '10/60/1'])('refuses the throttle %j, naming the variable', (value) => {
    expect(() => validateEnv({ ...valid, RATE_LIMIT_SIGN_IN_PER_ADDRESS: value })).toThrow(/RATE_LIMIT_SIGN_IN_PER_ADDRESS must be/);
  });

  it("takes Polar's grace period in whole days, 0 (Polar's default) when unset", () => {
    expect(serverEnvSchema.parse(valid).PAST_DUE_GRACE_DAYS).toBe(0);
    expect(serverEnvSchema.parse({ ...valid, PAST_DUE_GRACE_DAYS: '7' }).PAST_DUE_GRACE_DAYS).toBe(7);
    for (const value of ['-1', '1.5', 'a week', '366']) expect(() => validateEnv({ ...valid, PAST_DUE_GRACE_DAYS: value }), value).toThrow(/PAST_DUE_GRACE_DAYS/);
  });

  it('refuses a CLIENT_IP_HEADER that is no header name, and hops outside 1–10', () => {
    expect(() => validateEnv({ ...valid, CLIENT_IP_HEADER: 'x real ip' })).toThrow(/CLIENT_IP_HEADER must be an HTTP header name/);
    expect(() => validateEnv({ ...valid, CLIENT_IP_HOPS: '0' })).toThrow(/CLIENT_IP_HOPS/);
  });
});
