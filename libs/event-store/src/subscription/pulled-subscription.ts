import type { RecordedEvent, Subscription } from '../event-store.port';

export const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * What every adapter's subscription shares: the `caughtUp` promise settled once, and `next()` calls
 * serialized so that concurrent callers still get events in order. An adapter supplies `pull()`
 * (the next event, or DONE) and `unsubscribe()`.
 */
export abstract class PulledSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private settleCaughtUp: ((error?: Error) => void) | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor() {
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.settleCaughtUp = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Nobody has to await caughtUp: a rejection nobody watches must not crash the process.
    this.caughtUp.catch(() => undefined);
  }

  abstract unsubscribe(): Promise<void>;

  protected abstract pull(): Promise<IteratorResult<RecordedEvent, undefined>>;

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.unsubscribe();
        return DONE;
      },
    };
  }

  next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    const result = this.tail.then(() => this.pull());
    this.tail = result.catch(() => undefined);
    return result;
  }

  protected caughtUpSettled(): boolean {
    return this.settleCaughtUp === undefined;
  }

  /** Resolves `caughtUp`, or rejects it with `error`; only the first call counts. */
  protected settle(error?: Error): void {
    const settle = this.settleCaughtUp;
    this.settleCaughtUp = undefined;
    settle?.(error);
  }
}
