import { SubscriptionEndedError } from '../errors';
import type { RecordedEvent } from '../event-store.port';
import { DONE, PulledSubscription } from './pulled-subscription';

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

/**
 * Pull-based: nothing is read until the consumer asks, and at most one batch is held, so a slow
 * consumer of a huge log holds one batch in memory, not the log. Because positions are assigned
 * by a single writer and become visible only at commit, reading "after the last delivered
 * position" can neither skip nor repeat an event.
 */
export class CatchUpSubscription extends PulledSubscription {
  private cursor: bigint;
  private batch: readonly RecordedEvent[] = [];
  private batchIndex = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: CatchUpOptions,
  ) {
    super();
    this.cursor = options.startAfter;
  }

  unsubscribe(): Promise<void> {
    this.end(new SubscriptionEndedError());
    return Promise.resolve();
  }

  protected async pull(): Promise<IteratorResult<RecordedEvent, undefined>> {
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

  private end(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.settle(reason instanceof Error ? reason : new Error(String(reason)));
    this.batch = [];
    this.wake?.();
    this.options.onEnd();
  }
}
