// For the vitest `app` project: the shared system under test, its Supabase signing user tokens
// ES256 (the Supabase CLI's signing key, as new projects have).
import type { TestProject } from 'vitest/node';
import { provideAppSystem } from './fixtures/app-system.ts';

export default function setup(project: TestProject) {
  return provideAppSystem(project, 'ES256');
}
