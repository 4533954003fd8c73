import 'server-only';
import { publicEnv } from '@/env/public';
import { serverEnv } from '@/env/server';
import { polarClient } from '@/lib/polar/client';
import { createAdminClient } from '@/lib/supabase/admin';
import { reconcile, type ReconcileMode, type ReconcileOptions, type ReconcileResult } from './reconcile';

/** Polar's per-minute limit per organization: 100 in sandbox, 500 in production. */
const POLAR_LIMIT = { sandbox: 100, production: 500 } as const;

export const WEBHOOK_PATH = '/api/webhooks/polar';

/** The reconciler with this deployment's clients and settings (cron route, CLI, operator view). */
export function runReconcile(mode: ReconcileMode, trigger: ReconcileOptions['trigger'], overrides: Partial<Pick<ReconcileOptions, 'budgetMs' | 'onProgress'>> = {}): Promise<ReconcileResult> {
  return reconcile({
    polar: polarClient(),
    admin: createAdminClient(),
    webhookUrl: new URL(WEBHOOK_PATH, publicEnv.NEXT_PUBLIC_SITE_URL).href,
    mode,
    trigger,
    budgetMs: serverEnv.RECONCILE_BUDGET_SECONDS * 1000,
    callsPerMinute: serverEnv.RECONCILE_POLAR_CALLS_PER_MINUTE ?? Math.floor(POLAR_LIMIT[serverEnv.POLAR_SERVER] * 0.8),
    ...overrides,
  });
}
