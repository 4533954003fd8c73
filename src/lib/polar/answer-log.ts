// What Polar answered to the calls made inside one piece of work. The @polar-sh/nextjs helpers
// turn every failure into an empty 500, so a rate limit or a missing token scope would reach the
// user (and the log) as "something went wrong"; the fetch dispatcher (fetch-dispatch.ts) writes
// each answer from Polar's hosts here instead, for the work that made the call to read. The
// answers' Date also tells when, by Polar's clock, a state was read from its API.
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

/**
 * Runs `read` (Polar calls that return a state), and tells when Polar answered it, by Polar's
 * own clock: the Date header of its first successful answer (a read over several pages is no
 * newer than its first page). Polar's server stamps Date from a clock it refreshes once a
 * second, in whole seconds, so the time told is up to about two seconds before the read, never
 * after it: a webhook created after the read is always later; one created shortly before it may
 * count as later too (the state it carries is then followed by the change's own event).
 * Undefined when no answer said (the dispatcher is not installed).
 */
export async function withPolarReadTime<T>(read: () => Promise<T>): Promise<{ result: T; readAt: string | undefined }> {
  const { result, answers } = await withPolarAnswers(read);
  const times = answers.filter((answer) => answer.status < 300 && answer.date).map((answer) => Date.parse(answer.date!));
  const earliest = Math.min(...times.filter(Number.isFinite));
  return { result, readAt: Number.isFinite(earliest) ? new Date(earliest).toISOString() : undefined };
}
