// Runs once when the server starts (Node runtime): bounds every call to Polar's hosts by
// POLAR_TIMEOUT_MS and, when POLAR_API_URL names a Polar stand-in (the offline stack), sends
// them there — the @polar-sh/nextjs helpers take neither setting themselves. The same for Lemon
// Squeezy's client, which has no base URL (LEMONSQUEEZY_API_URL). Unset → the real services.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const [{ configurePolarFetch }, { configureLemonSqueezyFetch }, { serverEnv }] = await Promise.all([
    import('./lib/polar/fetch-dispatch'),
    import('./lib/lemonsqueezy/fetch-dispatch'),
    import('./env/server'),
  ]);
  configurePolarFetch({ rerouteTo: serverEnv.POLAR_API_URL, timeoutMs: serverEnv.POLAR_TIMEOUT_MS });
  configureLemonSqueezyFetch({ rerouteTo: serverEnv.LEMONSQUEEZY_API_URL, timeoutMs: serverEnv.POLAR_TIMEOUT_MS });
}
