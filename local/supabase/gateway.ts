// The Supabase CLI's Kong rules: an API key is required, and a bearer that is absent or an
// opaque `sb_…` key is swapped for the legacy JWT of the key's role. User JWTs pass through.
import type { MiddlewareHandler } from 'hono';
import type { LocalKeys } from '../keys.ts';
import type { AppEnv } from './types.ts';

/** The bearer Kong forwards for each accepted API key; undefined = not a key of this project. */
export function bearerForApiKey(keys: LocalKeys, apikey: string): string | undefined {
  if (apikey === keys.secretKey || apikey === keys.serviceRoleKey) return keys.serviceRoleKey;
  if (apikey === keys.publishableKey || apikey === keys.anonKey) return keys.anonKey;
  return undefined;
}

/** `openPaths` are Kong's key-less routes (JWKS, the email-link /verify). */
export function apiKeyGateway(keys: LocalKeys, openPaths: ReadonlySet<string> = new Set()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (openPaths.has(c.req.path)) {
      c.set('bearer', c.req.header('authorization')?.replace(/^bearer\s+/i, '').trim() ?? '');
      return next();
    }
    const apikey = c.req.header('apikey') ?? c.req.query('apikey');
    if (!apikey) return c.json({ message: 'No API key found in request' }, 401);
    const mapped = bearerForApiKey(keys, apikey);
    if (mapped === undefined) return c.json({ message: 'Invalid API key' }, 401);

    const incoming = c.req.header('authorization')?.replace(/^bearer\s+/i, '').trim();
    c.set('bearer', incoming && !incoming.startsWith('sb_') ? incoming : mapped);
    await next();
  };
}
