const NOT_READY = Symbol('not ready');

/**
 * Groups what an async iterator delivers into batches without waiting for more: a batch ends when
 * it holds `maxSize` items or when the next item is not ready by the next turn of the event loop.
 * During catch-up the subscription delivers from memory, so batches fill up (one transaction per
 * batch, fast replay); once live, each append's events come as soon as they are there (low
 * latency for `waitForPosition`).
 */
export async function* inBatches<T>(
  source: AsyncIterable<T>,
  maxSize: number,
): AsyncGenerator<T[], void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let next = pull(iterator);
  try {
    for (;;) {
      const first = await next;
      if (first.done === true) return;
      const batch = [first.value];
      next = pull(iterator);
      let ended = false;
      while (batch.length < maxSize) {
        const ready = await settledThisTurn(next);
        if (ready === NOT_READY) break;
        if (ready.done === true) {
          ended = true;
          break;
        }
        batch.push(ready.value);
        next = pull(iterator);
      }
      yield batch;
      if (ended) return;
    }
  } finally {
    // Not awaited: a source's return() may wait for a pending next() that only its own
    // unsubscribe can end; the caller unsubscribes (and the port's return() does too).
    iterator.return?.().catch(() => undefined);
  }
}

function pull<T>(iterator: AsyncIterator<T>): Promise<IteratorResult<T>> {
  const next = iterator.next();
  // It may reject while the consumer works on a batch, before anyone awaits it: that is handled
  // (the rejection reaches the consumer at the next await), not an unhandled rejection.
  next.catch(() => undefined);
  return next;
}

function settledThisTurn<T>(promise: Promise<T>): Promise<T | typeof NOT_READY> {
  return Promise.race([
    promise,
    new Promise<typeof NOT_READY>((resolve) => setImmediate(resolve, NOT_READY)),
  ]);
}
