import type { NextRequest } from 'next/server';
import { publicEnv } from '@/env/public';
import { requireOperator } from '@/lib/admin/require-admin';
import { runReconcile } from '@/lib/billing/reconcile/run';
import { handleRouteError } from '@/lib/http/errors';
import { assertSameOrigin } from '@/lib/http/request';
import { jsonResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

/** POST /api/admin/reconcile[?full=1]: the operator's "Reconcile now" (404 for anyone else). */
export async function POST(request: NextRequest) {
  try {
    await requireOperator();
    assertSameOrigin(request, publicEnv.NEXT_PUBLIC_SITE_URL);
    const full = request.nextUrl.searchParams.get('full') === '1';
    return jsonResponse(await runReconcile(full ? 'full' : 'incremental', 'operator'));
  } catch (error) {
    return handleRouteError(error, 'POST /api/admin/reconcile');
  }
}
