import 'server-only';
// The app's throttles, configured in src/env/schema.ts (RATE_LIMIT_*), and what each does when
// the store cannot be asked.
import { serverEnv } from '@/env/server';
import { tooManyRequests } from '@/lib/http/errors';
import { logError } from '@/lib/log';
import { consume, type Bucket, type Verdict } from './store';

export type AuthAction = 'sign-in' | 'sign-up' | 'password-reset';
export type BillingAction = 'portal' | 'checkout' | 'subscription-change';

/** The account a form names, as Supabase Auth matches it: case and surrounding space ignored. */
const accountOf = (email: string) => email.trim().toLowerCase();

function authBuckets(action: AuthAction, address: string, email: string): Bucket[] {
  const perAddress = { 'sign-in': serverEnv.RATE_LIMIT_SIGN_IN_PER_ADDRESS, 'sign-up': serverEnv.RATE_LIMIT_SIGN_UP_PER_ADDRESS, 'password-reset': serverEnv.RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS }[action];
  const perAccount = { 'sign-in': serverEnv.RATE_LIMIT_SIGN_IN_PER_ACCOUNT, 'sign-up': null, 'password-reset': serverEnv.RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT }[action];
  const buckets: Bucket[] = [{ action, dimension: 'address', subject: address, ...perAddress }];
  if (perAccount) buckets.push({ action, dimension: 'account', subject: accountOf(email), ...perAccount });
  return buckets;
}

/**
 * One sign-in, sign-up or password-reset attempt from `address` for `email`.
 *
 * Fails open: with the store unreachable the attempt goes ahead (and the failure is logged).
 * Signing in is what every user needs; the store (PostgREST) can fail while Auth still works;
 * and Supabase Auth's own per-IP limits still cap the damage meanwhile.
 */
export async function throttleAuthAttempt(action: AuthAction, address: string, email: string): Promise<Verdict> {
  try {
    return await consume(authBuckets(action, address, email));
  } catch (error) {
    logError(`throttle ${action}`, error);
    return { allowed: true };
  }
}

/**
 * One billing call by `userId`: 429 with Retry-After over the limit.
 *
 * Fails closed: with the store unreachable the call is refused (a 500, logged). Each call spends
 * the organization's Polar API budget and may open a checkout; the billing row these calls
 * read comes from the same Supabase API, so they would not get far anyway.
 */
export async function throttleBillingCall(action: BillingAction, userId: string): Promise<void> {
  const limit = {
    portal: serverEnv.RATE_LIMIT_PORTAL_PER_USER,
    checkout: serverEnv.RATE_LIMIT_CHECKOUT_PER_USER,
    'subscription-change': serverEnv.RATE_LIMIT_SUBSCRIPTION_CHANGES_PER_USER,
  }[action];
  const verdict = await consume([{ action, dimension: 'user', subject: userId, ...limit }]);
  if (!verdict.allowed) throw tooManyRequests(verdict.retryAfterSeconds);
}
