import 'server-only';
import { publicEnv } from '@/env/public';
import { serverEnv } from '@/env/server';
import { polarClient } from '@/lib/polar/client';
import { polarKeys } from '@/lib/polar/config';
import { createAdminClient } from '@/lib/supabase/admin';
import { reconcile, type ReconcileMode, type ReconcileOptions, type ReconcileResult } from './reconcile';

/** Polar's per-minute limit per organization: 100 in sandbox, 500 in production. */
const POLAR_LIMIT = { sandbox: 100, production: 500 } as const;

export const WEBHOOK_PATH = '/api/webhooks/polar';

/**
 * The reconciler with this deployment's clients and settings (cron route, CLI, operator view).
 * It reads Polar: without Polar's keys it throws their 404 (polarNotSetUp).
 */
export function runReconcile(mode: ReconcileMode, trigger: ReconcileOptions['trigger'], overrides: Partial<Pick<ReconcileOptions, 'budgetMs' | 'onProgress'>> = {}): Promise<ReconcileResult> {
  const { server } = polarKeys();
  return reconcile({
    polar: polarClient(),
    admin: createAdminClient(),
    webhookUrl: new URL(WEBHOOK_PATH, publicEnv.NEXT_PUBLIC_SITE_URL).href,
    mode,
    trigger,
    budgetMs: serverEnv.RECONCILE_BUDGET_SECONDS * 1000,
    callsPerMinute: serverEnv.RECONCILE_POLAR_CALLS_PER_MINUTE ?? Math.floor(POLAR_LIMIT[server] * 0.8),
    ...overrides,
  });
}
