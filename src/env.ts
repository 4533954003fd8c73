// Validates the whole environment at once. next.config.ts imports this, so `next dev`,
// `next build` and `next start` all stop at startup on a bad variable, naming it.
// App code imports `@/env/public` or (server only) `@/env/server` instead.
import { parseEnv, publicEnvSchema, requireProviderKeys, serverEnvSchema } from './env/schema';

export function validateEnv(source: Record<string, string | undefined> = process.env): void {
  // `.shape` carries the fields, not the refinement across them: it is applied again.
  parseEnv(publicEnvSchema.extend(serverEnvSchema.shape).superRefine(requireProviderKeys, { when: () => true }), source);
}
