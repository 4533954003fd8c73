// For the vitest `app-hs256` project: the same system, its Supabase signing user tokens HS256
// with the legacy JWT secret, as `supabase start` with legacy keys and older projects do.
import type { TestProject } from 'vitest/node';
import { provideAppSystem } from './fixtures/app-system.ts';

export default function setup(project: TestProject) {
  return provideAppSystem(project, 'HS256');
}
