import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';
import { publicEnv } from '@/env/public';
import type { Database } from './database.types';
import { fetchWithTimeout } from './timeout-fetch';

/**
 * A Supabase client acting as the signed-in user (or anon), reading and refreshing the
 * session cookies of the current request. Create one per request; never share it.
 */
export async function createClient() {
  const cookieStore = await cookies();
  return createServerClient<Database>(
    publicEnv.NEXT_PUBLIC_SUPABASE_URL,
    publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    {
      global: { fetch: fetchWithTimeout },
      cookies: {
        getAll: () => cookieStore.getAll(),
        setAll(cookiesToSet) {
          try {
            for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
          } catch {
            // Server Components cannot set cookies; the middleware refreshes the session instead.
          }
        },
      },
    },
  );
}
