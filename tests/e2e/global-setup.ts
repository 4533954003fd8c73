// Starts the system under test once for the whole Playwright run. Workers are spawned after
// this, so they see the environment variables set here.
import { startAppStack } from '../fixtures/app-stack.ts';

export default async function globalSetup() {
  const system = await startAppStack();
  process.env.E2E_STACK = JSON.stringify(system.stack);
  return system.stop;
}
