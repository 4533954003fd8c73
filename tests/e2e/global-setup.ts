// Starts the system under test once for the whole Playwright run. Workers are spawned after
// this, so they see the environment variables set here.
import { startAppStack } from '../fixtures/app-stack.ts';
import { appSecrets, leakedSecrets } from '../fixtures/secrets.ts';

export default async function globalSetup() {
  const system = await startAppStack();
  process.env.E2E_STACK = JSON.stringify(system.stack);
  return async () => {
    const leaked = leakedSecrets(system.logs(), appSecrets(system.stack));
    await system.stop();
    if (leaked.length) throw new Error(`The app server logged secrets: ${leaked.join(', ')}`);
  };
}
