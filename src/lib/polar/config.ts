import 'server-only';
import { serverEnv } from '@/env/server';
import { notFound } from '@/lib/http/errors';

/** How long any call to Polar may take before the app gives up and answers 502. */
export const POLAR_TIMEOUT_MS = serverEnv.POLAR_TIMEOUT_MS;

// Polar's keys are required with PAYMENT_PROVIDER=polar and optional (all three or none) when
// another provider bills; without them Polar's own routes (GET /api/portal, its webhook, the
// reconciler) answer 404.

/** What Polar's routes answer in a deployment without Polar's keys. */
export const polarNotSetUp = () => notFound(`Polar is not set up here: this app bills with ${serverEnv.PAYMENT_PROVIDER} (README → Payment providers)`);

/** Whether this deployment has Polar's keys (the env module makes them all three or none). */
export const polarIsSetUp = (): boolean => serverEnv.POLAR_ACCESS_TOKEN !== undefined && serverEnv.POLAR_SERVER !== undefined;

/** The access token and server to call Polar with, or the 404 of a deployment without Polar. */
export function polarKeys(): { accessToken: string; server: 'sandbox' | 'production' } {
  const { POLAR_ACCESS_TOKEN: accessToken, POLAR_SERVER: server } = serverEnv;
  if (accessToken === undefined || server === undefined) throw polarNotSetUp();
  return { accessToken, server };
}
