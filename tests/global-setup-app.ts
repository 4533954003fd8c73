// For the vitest `app` project: one system under test, shared by every file (they take turns).
import type { TestProject } from 'vitest/node';
import { startAppStack, type ProvidedStack } from './fixtures/app-stack.ts';
import { appSecrets, leakedSecrets } from './fixtures/secrets.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

export default async function setup(project: TestProject) {
  const system = await startAppStack();
  project.provide('stack', system.stack);
  return async () => {
    // After every suite has run, with all of the server's output: no secret was ever printed.
    const leaked = leakedSecrets(system.logs(), appSecrets(system.stack));
    await system.stop();
    if (leaked.length) throw new Error(`The app server logged secrets: ${leaked.join(', ')}`);
  };
}
