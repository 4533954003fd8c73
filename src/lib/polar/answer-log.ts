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
 * Runs `read` (Polar calls that return a state), and tells when Polar made its last successful
 * answer, by Polar's own clock: its Date header. Whole seconds, so never later than the read
 * itself — a webhook created after the read is always later, one created in the same second
 * before it may count as later too (the state it carries is then followed by the change's own
 * event). Undefined when there is no such header (the dispatcher is not installed).
 */
export async function withPolarReadTime<T>(read: () => Promise<T>): Promise<{ result: T; readAt: string | undefined }> {
  const { result, answers } = await withPolarAnswers(read);
  const date = answers.findLast((answer) => answer.status < 300 && answer.date)?.date;
  const time = date ? Date.parse(date) : Number.NaN;
  return { result, readAt: Number.isFinite(time) ? new Date(time).toISOString() : undefined };
}
