import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { publicEnv } from '@/env/public';
import { confirmEmailLink } from '@/lib/auth/confirm-link';
import { safeNextPath } from '@/lib/auth/next-path';
import { createClient } from '@/lib/supabase/server';

/** Where links in Supabase's emails land (both templates): confirm, then continue to `next`. */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const next = safeNextPath(params.get('next'), publicEnv.NEXT_PUBLIC_SITE_URL);
  const outcome = await confirmEmailLink(await createClient(), params);
  if (outcome.kind === 'signed-in') redirect(next);

  // A reset link that signed no one in leaves a person who cannot sign in: ask for a new link.
  if (params.get('type') === 'recovery') {
    redirect(`/forgot-password?error=${outcome.kind === 'failed' && outcome.code === 'unavailable' ? 'unavailable' : 'recovery_link_failed'}`);
  }

  const login = new URLSearchParams(outcome.kind === 'confirmed' ? { notice: 'email_confirmed' } : { error: outcome.code });
  if (next !== '/dashboard') login.set('next', next);
  redirect(`/login?${login}`);
}
