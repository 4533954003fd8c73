// Runs once when the server starts (Node runtime): bounds every call to Polar's hosts by
// POLAR_TIMEOUT_MS and, when POLAR_API_URL names a Polar stand-in (the offline stack), sends
// them there — the @polar-sh/nextjs helpers take neither setting themselves. POLAR_API_URL
// unset → real Polar.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ configurePolarFetch }, { serverEnv }] = await Promise.all([import('./lib/polar/fetch-dispatch'), import('./env/server')]);
  configurePolarFetch({ rerouteTo: serverEnv.POLAR_API_URL, timeoutMs: serverEnv.POLAR_TIMEOUT_MS });
}
