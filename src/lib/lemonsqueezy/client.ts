import 'server-only';
import { lemonSqueezySetup } from '@lemonsqueezy/lemonsqueezy.js';
import { serverEnv } from '@/env/server';
import { ProviderError } from '@/lib/payments/types';

let configured = false;

/** Sets the official client's key once per process (it keeps it in a module-level config). */
export function lemonSqueezy(): { storeId: string } {
  if (!serverEnv.LEMONSQUEEZY_API_KEY || !serverEnv.LEMONSQUEEZY_STORE_ID) throw new Error('LEMONSQUEEZY_API_KEY and LEMONSQUEEZY_STORE_ID must be set (PAYMENT_PROVIDER=lemonsqueezy needs them)');
  if (!configured) {
    lemonSqueezySetup({ apiKey: serverEnv.LEMONSQUEEZY_API_KEY });
    configured = true;
  }
  return { storeId: serverEnv.LEMONSQUEEZY_STORE_ID };
}

/** What the client answers: `{statusCode, data, error}`, never a throw. */
export interface LemonSqueezyAnswer<T> {
  statusCode: number | null;
  data: T | null;
  error: Error | null;
}

export class LemonSqueezyRefusal extends ProviderError {
  readonly statusCode: number;

  constructor(statusCode: number, what: string, cause: unknown) {
    super(`Lemon Squeezy answered ${statusCode} to ${what}`, { cause });
    this.name = 'LemonSqueezyRefusal';
    this.statusCode = statusCode;
  }
}

/** The answer's data, or the failure: a refusal (a status), or no answer at all. */
export function dataOf<T>(answer: LemonSqueezyAnswer<T>, what: string): T {
  if (answer.error || answer.data === null) {
    if (answer.statusCode) throw new LemonSqueezyRefusal(answer.statusCode, what, answer.error);
    throw new ProviderError(`Lemon Squeezy could not be reached for ${what}`, { cause: answer.error });
  }
  return answer.data;
}
