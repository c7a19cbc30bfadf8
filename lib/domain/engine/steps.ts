/**
 * The engine's work is written once, as steps that yield whatever storage they must wait for, and is
 * run two ways: awaiting what is yielded (a store over IndexedDB), or straight through (a store in
 * memory, or one that answers from its cache). A store returns plain values where it can, so the
 * engine awaits only real storage: a fold of 500 inputs in memory runs without a single await.
 */

/** What a store call gives: its value, or a promise of it when the store has to ask storage. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** A piece of engine work: yields what it waits on, is given each awaited value back. */
export type Steps<T> = Generator<PromiseLike<unknown>, T, unknown>;

/**
 * Steps that make many store calls test each answer in place (`if (isPromiseLike(x)) x = yield x`)
 * rather than through `valueOf`: a delegated generator per call is most of a fold's cost in memory.
 */
export function isPromiseLike<T>(value: MaybePromise<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** A store call's value within steps: yielded to the runner only when it is a promise. */
export function* valueOf<T>(result: MaybePromise<T>): Steps<T> {
  return isPromiseLike(result) ? ((yield result) as T) : result;
}

/** Several store calls made together (an IndexedDB store then pipelines them): their values, in order. */
export function* valuesOf<T>(results: readonly MaybePromise<T>[]): Steps<T[]> {
  if (!results.some(isPromiseLike)) return results as T[];
  return (yield Promise.all(results)) as T[];
}

/** Runs steps, awaiting each promise they yield. */
export async function runSteps<T>(steps: Steps<T>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = await step.value;
    } catch (error) {
      step = steps.throw(error);
      continue;
    }
    step = steps.next(value);
  }
  return step.value;
}

/** Runs steps over a store that never waits; a promise yielded is a programming error. */
export function runStepsSync<T>(steps: Steps<T>): T {
  const step = steps.next();
  if (!step.done) throw new Error('a synchronous engine store returned a promise');
  return step.value;
}
