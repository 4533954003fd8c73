import 'server-only';
import { serverEnv } from '@/env/server';

/** How long any call to Polar may take before the app gives up and answers 502. */
export const POLAR_TIMEOUT_MS = serverEnv.POLAR_TIMEOUT_MS;

/** What the @polar-sh/nextjs helpers are built from (the app's own client: client.ts). */
export const polarConfig = {
  accessToken: serverEnv.POLAR_ACCESS_TOKEN,
  server: serverEnv.POLAR_SERVER,
} as const;
