import type { PostgrestError } from '@supabase/supabase-js';
import { unauthorized } from '@/lib/http/errors';

/**
 * What a failed PostgREST query means for the caller: PostgREST refusing the user's token
 * (PGRST30x: expired, not yet valid, bad signature) is a 401 like any other bad session;
 * anything else is an unexpected failure.
 */
export function queryFailure(error: PostgrestError, what: string): Error {
  if (error.code?.startsWith('PGRST30')) return unauthorized();
  return new Error(`${what} failed: ${error.message}`, { cause: error });
}
