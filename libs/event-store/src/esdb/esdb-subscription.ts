import {
  ErrorType,
  type AllStreamSubscription,
  type Filter,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { SubscriptionEndedError } from '../errors';
import type { RecordedEvent } from '../event-store.port';
import { DONE, PulledSubscription } from '../subscription/pulled-subscription';
import { matchesFilter, type CompiledFilter } from '../subscription/subscription-filter';
import { isSystemEvent, positionOf, toRecordedEvent } from './esdb-mapping';

/** How a dropped subscription is restarted. */
export interface ResubscribeOptions {
  /** First wait after a drop (default 100 ms); it doubles on each failure in a row. */
  readonly initialDelayMs?: number;
  /** The longest wait between two attempts (default 5,000 ms). */
  readonly maxDelayMs?: number;
  /**
   * Failures in a row (no confirmation from the server in between) before the iteration throws
   * the last error (default 10: about 25 s of an unreachable server).
   */
  readonly maxAttempts?: number;
}

export interface EsdbSubscriptionSettings {
  /** Opens a client subscription to `$all` after `from` (exclusive). */
  readonly open: (from: ReadPosition, filter: Filter | undefined) => AllStreamSubscription;
  readonly from: ReadPosition;
  /** Checked here too: the server-side filter cannot say "type OR stream", nor skip `$` events. */
  readonly filter: CompiledFilter | undefined;
  readonly serverFilter: Filter | undefined;
  readonly resubscribe: ResubscribeOptions;
  /** Called once when the subscription ends, however it ends. */
  readonly onEnd: () => void;
}

/** Errors no retry can cure: the iteration throws at once. */
const PERMANENT = new Set<string>([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.UNSUPPORTED,
  ErrorType.STREAM_DELETED,
]);

/**
 * A catch-up subscription that survives drops. The v6 client never resubscribes: its stream just
 * emits 'error'. This one pulls from the client's stream with `read()`, one event at a time, and
 * remembers the position of the last event it took; after a drop it throws away what the dead
 * stream still buffers and subscribes again after that position (exclusive), with bounded backoff.
 * So nothing is delivered twice and nothing is skipped.
 *
 * `caughtUp`: the server sends `caught_up` in-band, but the client turns it into an event emitted
 * while earlier events may still sit in the stream's buffer. At that moment the buffer holds
 * exactly the events that precede it (the client pushes events in order and read() takes them in
 * order), so `caughtUp` settles once that many more have been taken and the consumer asks again.
 */
export class EsdbSubscription extends PulledSubscription {
  private from: ReadPosition;
  private source: AllStreamSubscription | undefined;
  private failure: unknown;
  private serverCaughtUp = false;
  /** Events still buffered that precede the server's caught_up. */
  private backlog = 0;
  private failures = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly settings: EsdbSubscriptionSettings) {
    super();
    this.from = settings.from;
  }

  async unsubscribe(): Promise<void> {
    const source = this.source;
    this.end(new SubscriptionEndedError());
    // A call that never opened (server unreachable) has nothing to cancel, and says so by rejecting.
    await source?.unsubscribe().catch(() => undefined);
  }

  protected async pull(): Promise<IteratorResult<RecordedEvent, undefined>> {
    while (!this.ended) {
      const source = this.source ?? this.openSource();
      if (this.failure !== undefined) {
        await this.restart(source);
        continue;
      }
      if (this.serverCaughtUp && this.backlog === 0) this.settle();
      const resolved = source.read() as ResolvedEvent | null;
      if (resolved === null) {
        if (source.readableEnded) this.failure = new Error('EventStoreDB ended the subscription');
        else await this.activity(source);
        continue;
      }
      if (this.serverCaughtUp && this.backlog > 0) this.backlog -= 1;
      const event = this.accept(resolved);
      if (event !== undefined) return { done: false, value: event };
    }
    return DONE;
  }

  /** Moves the resume point past `resolved`, and returns it if the consumer should see it. */
  private accept(resolved: ResolvedEvent): RecordedEvent | undefined {
    const position = positionOf(resolved);
    if (position !== undefined) this.from = position;
    const event = toRecordedEvent(resolved);
    if (event === undefined || isSystemEvent(event.type)) return undefined;
    const filter = this.settings.filter;
    return filter === undefined || matchesFilter(filter, event) ? event : undefined;
  }

  private openSource(): AllStreamSubscription {
    const source = this.settings.open(this.from, this.settings.serverFilter);
    this.source = source;
    this.failure = undefined;
    this.serverCaughtUp = false;
    this.backlog = 0;
    source.on('error', (error: unknown) => {
      if (this.source !== source) return;
      this.failure = error;
      this.wake?.();
    });
    source.on('confirmation', () => {
      if (this.source === source) this.failures = 0;
    });
    source.on('caughtUp', () => {
      if (this.source !== source || this.serverCaughtUp) return;
      this.serverCaughtUp = true;
      this.backlog = source.readableLength;
      this.wake?.();
    });
    return source;
  }

  /** Drops the dead stream (and what it still buffers), waits, and lets pull() open a new one. */
  private async restart(source: AllStreamSubscription): Promise<void> {
    const failure = this.failure;
    this.source = undefined;
    this.failure = undefined;
    void source.unsubscribe().catch(() => undefined);
    this.failures += 1;
    const { initialDelayMs = 100, maxDelayMs = 5000, maxAttempts = 10 } = this.settings.resubscribe;
    if (this.failures > maxAttempts || isPermanent(failure)) {
      const error = failure instanceof Error ? failure : new Error(String(failure));
      this.end(error);
      throw error;
    }
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (this.failures - 1));
    await new Promise<void>((resolve) => {
      // unref: a subscription waiting to retry must not keep the process (or Jest) alive.
      const timer = setTimeout(() => done(), delay).unref();
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
    });
  }

  /** Waits until the client's stream has something to say, or the subscription ends. */
  private activity(source: AllStreamSubscription): Promise<void> {
    return new Promise<void>((resolve) => {
      const events = ['readable', 'end', 'close'] as const;
      const done = (): void => {
        for (const name of events) source.off(name, done);
        this.wake = undefined;
        resolve();
      };
      for (const name of events) source.on(name, done);
      this.wake = done;
    });
  }

  private end(reason: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.settle(reason);
    this.source = undefined;
    this.wake?.();
    this.settings.onEnd();
  }
}

function isPermanent(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('type' in error)) return false;
  return typeof error.type === 'string' && PERMANENT.has(error.type);
}
