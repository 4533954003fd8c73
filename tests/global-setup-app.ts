// For the vitest `app` project: one system under test, shared by every file (they take turns).
import type { TestProject } from 'vitest/node';
import { startAppStack, type ProvidedStack } from './fixtures/app-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

export default async function setup(project: TestProject) {
  const system = await startAppStack();
  project.provide('stack', system.stack);
  return system.stop;
}
