import 'server-only';
import { redirect } from 'next/navigation';
import { publicEnv } from '@/env/public';
import { isSignedIn } from './session';
import { safeNextPath } from './next-path';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The sign-in and sign-up pages: where to go next; already signed in → straight there. */
export async function authPageTarget(searchParams: SearchParams): Promise<{ next: string; error: unknown; notice: unknown }> {
  const params = await searchParams;
  const next = safeNextPath(params.next, publicEnv.NEXT_PUBLIC_SITE_URL);
  if (await isSignedIn()) redirect(next);
  return { next, error: params.error, notice: params.notice };
}
