// Runs once when the server starts. The only job here: when POLAR_API_URL names a Polar
// stand-in (the offline stack), send the process's calls to Polar's hosts there instead — the
// @polar-sh/nextjs helpers take no server URL of their own. Unset → real Polar, untouched.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.POLAR_API_URL) {
    const { routePolarTo } = await import('./lib/polar/reroute');
    routePolarTo(process.env.POLAR_API_URL);
  }
}
