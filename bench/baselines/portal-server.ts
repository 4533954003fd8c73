// The floor for GET /api/portal: a bare node:http handler (no Next, no supabase-js, no Polar
// sdk) making the same upstream calls against the same stand-ins —
//   1. the access token from the @supabase/ssr session cookie, verified locally with jose
//      against the stand-in's JWKS (fetched once, cached);
//   2. the per-user throttle: one PostgREST rpc consume_rate_limit with the service key (the
//      app's src/lib/rate-limit/store.ts, here with the bench's generous limit);
//   3. one PostgREST GET of the user's billing row, with the user's own token (RLS applies);
//   4. one POST /v1/customer-sessions/ to the Polar stand-in;
// and answering 200 {url} as the route does for a fetch caller.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { announceListening } from '../lib/child-server.ts';

const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is required`); })();
const SUPABASE_URL = env('SUPABASE_URL');
const PUBLISHABLE_KEY = env('PUBLISHABLE_KEY');
const POLAR_URL = env('POLAR_URL');
const POLAR_TOKEN = env('POLAR_TOKEN');
const SERVICE_KEY = env('SERVICE_KEY');
const RETURN_URL = `${env('SITE_URL')}/dashboard`;

const jwks = createRemoteJWKSet(new URL(`${SUPABASE_URL}/auth/v1/.well-known/jwks.json`), { cacheMaxAge: 10 * 60_000 });

/** The access token inside `sb-<ref>-auth-token[.N]=base64-<json>` cookies (chunks joined). */
function accessTokenOf(cookieHeader: string | undefined): string | undefined {
  const chunks = (cookieHeader ?? '')
    .split(/;\s*/)
    .map((pair) => pair.split('=') as [string, string])
    .filter(([name]) => /^sb-.+-auth-token(\.\d+)?$/.test(name))
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const value = chunks.map(([, v]) => decodeURIComponent(v)).join('');
  if (!value.startsWith('base64-')) return undefined;
  try {
    return (JSON.parse(Buffer.from(value.slice(7), 'base64url').toString('utf8')) as { access_token?: string }).access_token;
  } catch {
    return undefined;
  }
}

async function portalUrl(cookieHeader: string | undefined): Promise<{ status: number; body: unknown }> {
  const token = accessTokenOf(cookieHeader);
  if (!token) return { status: 401, body: { error: 'Unauthorized' } };
  const { payload } = await jwtVerify(token, jwks, { audience: 'authenticated' }).catch(() => ({ payload: null }));
  if (!payload?.sub) return { status: 401, body: { error: 'Unauthorized' } };

  const key = `portal:user:${createHash('sha256').update(payload.sub).digest('base64url')}`;
  const throttle = await fetch(`${SUPABASE_URL}/rest/v1/rpc/consume_rate_limit`, {
    method: 'POST',
    headers: { apikey: SERVICE_KEY, authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ p_buckets: [{ key, limit: 10_000, window_seconds: 1 }] }),
  });
  if (!throttle.ok) return { status: 500, body: { error: 'throttle failed' } };
  if ((await throttle.json()) !== 0) return { status: 429, body: { error: 'Too many requests' } };

  const rowResponse = await fetch(
    `${SUPABASE_URL}/rest/v1/user_subscriptions?select=provider,polar_customer_id,status&user_id=eq.${payload.sub}`,
    { headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${token}`, accept: 'application/json' } },
  );
  if (!rowResponse.ok) return { status: 500, body: { error: 'row lookup failed' } };
  const [row] = (await rowResponse.json()) as Array<{ polar_customer_id: string | null }>;
  if (!row?.polar_customer_id) return { status: 404, body: { error: 'No subscription found' } };

  const session = await fetch(`${POLAR_URL}/v1/customer-sessions/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${POLAR_TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ customer_id: row.polar_customer_id, return_url: RETURN_URL }),
  });
  if (!session.ok) return { status: 502, body: { error: 'Polar customer session failed' } };
  const { customer_portal_url: url } = (await session.json()) as { customer_portal_url: string };
  return { status: 200, body: { url } };
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' || !req.url?.startsWith('/api/portal')) {
    res.writeHead(404).end();
    return;
  }
  portalUrl(req.headers.cookie).then(
    ({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    () => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"Internal error"}'),
  );
});
announceListening(server);
