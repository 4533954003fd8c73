// What Polar answered to the calls made inside one piece of work. The @polar-sh/nextjs helpers
// turn every failure into an empty 500, so a rate limit or a missing token scope would reach the
// user (and the log) as "something went wrong"; the fetch dispatcher (fetch-dispatch.ts) writes
// each answer from Polar's hosts here instead, for the work that made the call to read.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PolarAnswer } from './failure';

// One store per process, not per module copy: Next bundles instrumentation.ts (which installs
// the dispatcher) apart from the route handlers, each with its own copy of this module.
const KEY = Symbol.for('polar-supabase-billing.polar-answers');
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<PolarAnswer[]> };
const current = (holder[KEY] ??= new AsyncLocalStorage<PolarAnswer[]>());

/** Runs `work`, collecting the answers of every Polar call it makes. */
export async function withPolarAnswers<T>(work: () => Promise<T>): Promise<{ result: T; answers: PolarAnswer[] }> {
  const answers: PolarAnswer[] = [];
  const result = await current.run(answers, work);
  return { result, answers };
}

/** Where a Polar call made now should record its answer; undefined outside withPolarAnswers. */
export const polarAnswerLog = (): PolarAnswer[] | undefined => current.getStore();
