import { SubscriptionEndedError } from '../errors';
import type { RecordedEvent, Subscription } from '../event-store.port';

/** What a catch-up subscription reads from; each embedded adapter provides one. */
export interface SubscriptionSource {
  /** Up to `limit` events that pass the subscription's filter, after `position`, in order. */
  readAfter(position: bigint, limit: number): readonly RecordedEvent[];
  /** Calls `listener` after each commit of this process; returns a function that stops it. */
  onAppend(listener: () => void): () => void;
}

export interface CatchUpOptions {
  /** Exclusive: the first event delivered is the first one after it. */
  readonly startAfter: bigint;
  /** The last position stored when the subscription started (0 for an empty store). */
  readonly caughtUpAt: bigint;
  readonly batchSize: number;
  /** Also look for appends by other processes this often; none when undefined. */
  readonly pollIntervalMs: number | undefined;
  /** Called once when the subscription ends, however it ends. */
  readonly onEnd: () => void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Pull-based: nothing is read until the consumer asks, and at most one batch is held, so a slow
 * consumer of a huge log holds one batch in memory, not the log. Because positions are assigned
 * by a single writer and become visible only at commit, reading "after the last delivered
 * position" can neither skip nor repeat an event.
 */
export class CatchUpSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private settleCaughtUp: ((error?: Error) => void) | undefined;
  private cursor: bigint;
  private batch: readonly RecordedEvent[] = [];
  private batchIndex = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  /** Serializes `next()` calls so that concurrent callers still get events in order. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: CatchUpOptions,
  ) {
    this.cursor = options.startAfter;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.settleCaughtUp = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Nobody has to await caughtUp: a rejection nobody watches must not crash the process.
    this.caughtUp.catch(() => undefined);
  }

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

  unsubscribe(): Promise<void> {
    this.end(new SubscriptionEndedError());
    return Promise.resolve();
  }

  private async pull(): Promise<IteratorResult<RecordedEvent, undefined>> {
    while (!this.ended) {
      const event = this.take();
      if (
        !this.caughtUpSettled() &&
        (event === undefined || event.position.commit > this.options.caughtUpAt)
      ) {
        this.settle();
      }
      if (event !== undefined) {
        this.cursor = event.position.commit;
        return { done: false, value: event };
      }
      await this.waitForAppend();
    }
    return DONE;
  }

  /** The next event after the cursor, reading a new batch when the held one is used up. */
  private take(): RecordedEvent | undefined {
    if (this.batchIndex >= this.batch.length) {
      try {
        this.batch = this.source.readAfter(this.cursor, this.options.batchSize);
      } catch (error) {
        this.end(error);
        throw error;
      }
      this.batchIndex = 0;
    }
    const event = this.batch[this.batchIndex];
    this.batchIndex += 1;
    return event;
  }

  private waitForAppend(): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const stopListening = this.source.onAppend(() => wake());
      const wake = (): void => {
        stopListening();
        if (timer !== undefined) clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      if (this.options.pollIntervalMs !== undefined) {
        // unref: a waiting subscription alone must not keep the process (or Jest) alive.
        timer = setTimeout(wake, this.options.pollIntervalMs).unref();
      }
      this.wake = wake;
    });
  }

  private caughtUpSettled(): boolean {
    return this.settleCaughtUp === undefined;
  }

  private settle(error?: Error): void {
    const settle = this.settleCaughtUp;
    this.settleCaughtUp = undefined;
    settle?.(error);
  }

  private end(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.settle(reason instanceof Error ? reason : new Error(String(reason)));
    this.batch = [];
    this.wake?.();
    this.options.onEnd();
  }
}
