import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { publicEnv } from '@/env/public';
import { AUTH_UNAVAILABLE_HEADER, verifiedClaims } from './claims';
import type { Database } from './database.types';
import { fetchWithTimeout } from './timeout-fetch';

/** Paths that need a signed-in user; everyone else may browse. */
const PROTECTED_PREFIXES = ['/dashboard', '/pro'];

/**
 * Refreshes the Supabase session on every page request (an expiring access token is swapped
 * for a new one and the cookies rewritten), and sends signed-out visitors of protected pages
 * to the sign-in page with the path they wanted.
 */
export async function updateSession(request: NextRequest): Promise<NextResponse> {
  let response = NextResponse.next({ request });

  const supabase = createServerClient<Database>(
    publicEnv.NEXT_PUBLIC_SUPABASE_URL,
    publicEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    {
      global: { fetch: fetchWithTimeout },
      cookies: {
        getAll: () => request.cookies.getAll(),
        setAll(cookiesToSet, headers) {
          for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
          response = NextResponse.next({ request });
          for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
          for (const [key, value] of Object.entries(headers ?? {})) response.headers.set(key, value);
        },
      },
    },
  );

  // Verifies the JWT (locally, against the cached JWKS) and refreshes it when it is about to
  // expire. Nothing may run between creating the client and this call.
  const session = await verifiedClaims(supabase);
  request.headers.set(AUTH_UNAVAILABLE_HEADER, session.kind === 'unavailable' ? '1' : '0');
  response = forwardingRequestHeaders(request, response);

  const { pathname, search } = request.nextUrl;
  // With Auth unreachable the page itself answers (an error page), rather than a sign-in loop.
  if (session.kind === 'signed-out' && PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) {
    const login = request.nextUrl.clone();
    login.pathname = '/login';
    login.search = '';
    login.searchParams.set('next', `${pathname}${search}`);
    const redirect = NextResponse.redirect(login);
    for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
    return redirect;
  }
  return response;
}

/** A response that forwards the request's headers as they are now, keeping what `previous` set. */
function forwardingRequestHeaders(request: NextRequest, previous: NextResponse): NextResponse {
  const next = NextResponse.next({ request });
  for (const cookie of previous.cookies.getAll()) next.cookies.set(cookie);
  previous.headers.forEach((value, key) => {
    if (key !== 'set-cookie' && !key.startsWith('x-middleware-')) next.headers.set(key, value);
  });
  return next;
}
