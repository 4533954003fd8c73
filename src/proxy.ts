// `next dev` only looks for request interception inside src/ when the app lives in src/app,
// while production (Turbopack) builds use the root middleware.ts. This file makes dev run the
// very same function. Keep the matcher equal to ../middleware.ts (tests/unit/middleware-config
// checks it; Next needs it written out here, it cannot follow a re-exported config).
export { middleware as proxy } from '../middleware';

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$).*)'],
};
