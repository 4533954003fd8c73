import { describe, expect, it } from 'vitest';
import { validateEnv } from '@/env';

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
    expect(() => validateEnv(rest)).toThrow(/POLAR_SERVER must be "sandbox" or "production"/);
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
});
