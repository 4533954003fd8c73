import type { NextRequest } from 'next/server';
import { pageContentSecurityPolicy } from '@/lib/http/page-csp';
import { updateSession } from '@/lib/supabase/middleware';

export async function middleware(request: NextRequest) {
  // Set on the request, the policy's nonce is what Next puts on the scripts it renders; set on
  // the response, it is what the browser enforces. The session refresh forwards the request
  // headers as they are now.
  const policy = pageContentSecurityPolicy();
  request.headers.set('content-security-policy', policy);
  const response = await updateSession(request);
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Pages only: API routes check the user themselves (and get their headers from
  // next.config.ts), and static files need no session.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$).*)'],
};
