import 'server-only';
import { createPolar, type Polar } from 'polar-sdk-v1/2026-10';
import { serverEnv } from '@/env/server';
import { polarKeys } from './config';

let client: Polar | undefined;

/**
 * The app's own Polar API client: @polar-sh/sdk 1.x (installed as `polar-sdk-v1`, beside the
 * 0.47 copy the @polar-sh/nextjs helpers need), pinned to API version 2026-10. It returns
 * Polar's JSON as it is; src/lib/polar/objects.ts checks the fields the app reads. Shared: it
 * holds no user state. Without Polar's keys (another provider bills), a 404 (config.ts).
 */
export function polarClient(): Polar {
  const { accessToken, server } = polarKeys();
  client ??= createPolar({
    accessToken,
    environment: server,
    // Only the offline stack sets this; unset, the sdk picks the host from `environment`.
    ...(serverEnv.POLAR_API_URL ? { baseUrl: serverEnv.POLAR_API_URL } : {}),
    timeout: serverEnv.POLAR_TIMEOUT_MS / 1000,
  });
  return client;
}
