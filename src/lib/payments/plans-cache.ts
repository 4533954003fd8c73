import 'server-only';
import { serverEnv } from '@/env/server';
import type { Plan } from './types';

const TTL_MS = serverEnv.POLAR_PRODUCTS_CACHE_SECONDS * 1000;

/**
 * `load`, reused for POLAR_PRODUCTS_CACHE_SECONDS (a minute by default) in this process: the
 * pricing page and checkout validation read the plans on every request, the provider need not.
 */
export function cachedPlans<T extends Plan>(load: () => Promise<T[]>): () => Promise<T[]> {
  let cached: { plans: T[]; at: number } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < TTL_MS) return cached.plans;
    const plans = await load();
    cached = { plans, at: Date.now() };
    return plans;
  };
}
