import 'server-only';
import { createClient } from '@supabase/supabase-js';
import { publicEnv } from '@/env/public';
import { serverEnv } from '@/env/server';
import type { Database } from './database.types';
import { fetchWithTimeout } from './timeout-fetch';

let adminClient: ReturnType<typeof createClient<Database>> | undefined;

/**
 * The service-role client: bypasses Row Level Security. Only for server code that must act
 * for no particular user (webhooks, the billing write path). It holds no session, so one
 * instance is shared by the whole process.
 */
export function createAdminClient() {
  adminClient ??= createClient<Database>(
    publicEnv.NEXT_PUBLIC_SUPABASE_URL,
    serverEnv.SUPABASE_SERVICE_ROLE_KEY,
    {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global: { fetch: fetchWithTimeout },
    },
  );
  return adminClient;
}
