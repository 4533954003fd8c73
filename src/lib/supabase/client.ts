import { createBrowserClient } from '@supabase/ssr';
import { publicEnv } from '@/env/public';
import type { Database } from './database.types';

/** A Supabase client for Client Components, sharing the session cookies with the server. */
export function createClient() {
  return createBrowserClient<Database>(
    publicEnv.NEXT_PUBLIC_SUPABASE_URL,
    publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
  );
}
