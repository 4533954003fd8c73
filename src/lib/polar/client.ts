import 'server-only';
import { Polar } from '@polar-sh/sdk';
import { serverEnv } from '@/env/server';
import { POLAR_TIMEOUT_MS, polarConfig } from './config';

let client: Polar | undefined;

/** The app's own Polar API client (the helpers build theirs); shared, it holds no user state. */
export function polarClient(): Polar {
  client ??= new Polar({
    ...polarConfig,
    // Only the offline stack sets this; unset, the sdk picks the host from `server`.
    ...(serverEnv.POLAR_API_URL ? { serverURL: serverEnv.POLAR_API_URL } : {}),
    timeoutMs: POLAR_TIMEOUT_MS,
  });
  return client;
}
