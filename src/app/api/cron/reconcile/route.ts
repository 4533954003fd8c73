import { timingSafeEqual } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { serverEnv } from '@/env/server';
import { runReconcile } from '@/lib/billing/reconcile/run';
import { handleRouteError, unauthorized } from '@/lib/http/errors';
import { jsonResponse } from '@/lib/http/responses';
import { logError } from '@/lib/log';

export const dynamic = 'force-dynamic';
// The run stops starting work after RECONCILE_BUDGET_SECONDS (50 by default); this leaves room
// to finish the step in hand and save the cursor.
export const maxDuration = 60;

function authorised(request: NextRequest): boolean {
  const secret = serverEnv.CRON_SECRET;
  if (!secret) return false;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The reconciler on a schedule: `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends,
 * with GET; POST for anything else), `?full=1` for a full sweep. Answers the run's counts; a
 * run that ran out of time resumes at the next call.
 */
async function handle(request: NextRequest) {
  try {
    if (!authorised(request)) {
      if (!serverEnv.CRON_SECRET) logError('cron reconcile', 'CRON_SECRET is not set: every call is refused');
      throw unauthorized();
    }
    const full = request.nextUrl.searchParams.get('full') === '1';
    const result = await runReconcile(full ? 'full' : 'incremental', 'cron');
    for (const note of result.notes.slice(0, 20)) logError('cron reconcile', note);
    return jsonResponse(result);
  } catch (error) {
    return handleRouteError(error, 'cron reconcile');
  }
}

export { handle as GET, handle as POST };
