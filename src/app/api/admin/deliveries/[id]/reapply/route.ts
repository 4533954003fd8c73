import type { NextRequest } from 'next/server';
import { publicEnv } from '@/env/public';
import { requireOperator } from '@/lib/admin/require-admin';
import { reapplyDelivery } from '@/lib/billing/reapply-delivery';
import { badRequest, handleRouteError } from '@/lib/http/errors';
import { assertSameOrigin } from '@/lib/http/request';
import { jsonResponse } from '@/lib/http/responses';
import { createAdminClient } from '@/lib/supabase/admin';

export const dynamic = 'force-dynamic';

/** POST /api/admin/deliveries/{webhook-id}/reapply: apply a stored delivery again (operators only). */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  try {
    const operator = await requireOperator();
    assertSameOrigin(request, publicEnv.NEXT_PUBLIC_SITE_URL);
    const { id } = await params;
    if (!id || id.length > 256) throw badRequest('Invalid delivery id');
    return jsonResponse(await reapplyDelivery(createAdminClient(), id, operator));
  } catch (error) {
    return handleRouteError(error, 'POST /api/admin/deliveries/reapply');
  }
}
