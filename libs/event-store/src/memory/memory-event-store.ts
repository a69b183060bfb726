import { prepareAppend, assertStreamId, type PreparedEvent } from '../append-input';
import { EventStoreClosedError } from '../errors';
import { promiseOf } from '../promise-of';
import {
  ANY,
  NO_STREAM,
  type AppendResult,
  type CurrentRevision,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from '../event-store.port';
import { checkExpectedRevision } from '../expected-revision';
import { findIdempotentResult, type IdempotencyLookup } from '../idempotency';
import { resolveAllRead, resolveStreamRead, type ResolvedRead } from '../read-options';
import { appendResultOf, toRecordedEvent, type StoredEvent } from '../stored-event';
import { LiveSubscriptions } from '../subscription/live-subscriptions';
import { compileFilter, matchesFilter } from '../subscription/subscription-filter';

export interface MemoryEventStoreOptions {
  /** The store's recording clock for `created` (default: the wall clock). */
  readonly now?: () => Date;
}

/**
 * The in-memory adapter, for fast unit tests. It keeps the same JSON text, positions (1, 2, 3…)
 * and rules as the SQLite adapter, and passes the same contract suite; it is not durable.
 */
export class MemoryEventStore implements EventStore {
  /** `$all`: the event at position p is `log[p - 1]`. */
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly live = new LiveSubscriptions();
  private readonly now: () => Date;
  private closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    return promiseOf(() => {
      this.assertOpen();
      const expected = options.expectedRevision ?? ANY;
      return this.append(streamId, prepareAppend(streamId, events, expected), expected);
    });
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.attempt(() => {
      assertStreamId(streamId);
      const stream = this.streams.get(streamId) ?? [];
      // Revision r is stream[r].
      return readRange(stream, resolveStreamRead(options), 0n);
    });
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    // Position p is log[p - 1].
    return this.attempt(() => readRange(this.log, resolveAllRead(options), 1n));
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const filter = compileFilter(options.filter);
    const last = BigInt(this.log.length);
    return this.live.subscribe(
      (position, limit) => {
        this.assertOpen();
        const events: RecordedEvent[] = [];
        for (let i = Number(position); i < this.log.length && events.length < limit; i += 1) {
          const stored = this.log[i];
          if (stored && (!filter || matchesFilter(filter, stored))) {
            events.push(toRecordedEvent(stored));
          }
        }
        return events;
      },
      {
        fromPosition: options.fromPosition,
        lastPosition: last,
        batchSize: 500,
        pollIntervalMs: undefined,
      },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.live.closeAll();
  }

  private append(
    streamId: string,
    events: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const retried = findIdempotentResult(streamId, events, this.lookup(stream));
    if (retried) return retried;
    const current: CurrentRevision = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    checkExpectedRevision(streamId, expected, current);
    const created = this.now().toISOString();
    const stored = events.map((event, i) => ({
      ...event,
      streamId,
      revision: BigInt(stream.length + i),
      position: BigInt(this.log.length + i + 1),
      created,
    }));
    for (const event of stored) this.byId.set(event.id, event);
    this.log.push(...stored);
    stream.push(...stored);
    this.streams.set(streamId, stream);
    this.live.notifyAppended();
    const last = stored.at(-1);
    if (last === undefined) throw new Error('Invariant: an append has at least one event');
    return appendResultOf(last);
  }

  private lookup(stream: readonly StoredEvent[]): IdempotencyLookup {
    return {
      findById: (eventId) => this.byId.get(eventId),
      readStreamSlice: (_streamId, fromRevision, count) =>
        stream.slice(Number(fromRevision), Number(fromRevision) + count),
    };
  }

  /** Runs a read, refused once the store is closed. */
  private attempt<T>(read: () => T): Promise<T> {
    return promiseOf(() => {
      this.assertOpen();
      return read();
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

/** Events of `list` within `read`; `list[i]` has revision or position `i + offset`. */
function readRange(
  list: readonly StoredEvent[],
  read: ResolvedRead,
  offset: bigint,
): RecordedEvent[] {
  const { bound, limit = Number.MAX_SAFE_INTEGER } = read;
  if (bound === undefined) return [];
  // Clamped first: a bound may be as large as the largest int64.
  const index = Number(clamp(bound - offset, -1n, BigInt(list.length)));
  if (read.direction === 'forwards') {
    const from = Math.max(index, 0);
    return list.slice(from, from + limit).map(toRecordedEvent);
  }
  const to = Math.min(index, list.length - 1) + 1;
  return list
    .slice(Math.max(to - limit, 0), to)
    .reverse()
    .map(toRecordedEvent);
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  if (value < min) return min;
  return value > max ? max : value;
}
