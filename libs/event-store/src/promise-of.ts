/**
 * Runs `work` now and returns its outcome as a promise: a synchronous throw (a bad argument, a
 * closed store) becomes a rejection, as callers of an async port expect.
 */
export function promiseOf<T>(work: () => T | PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}
