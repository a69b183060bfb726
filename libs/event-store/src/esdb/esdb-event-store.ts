import {
  BACKWARDS,
  FORWARDS,
  StreamNotFoundError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
  eventTypeFilter,
  streamNameFilter,
  type EventStoreDBClient,
  type Filter,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { assertStreamId, prepareAppend } from '../append-input';
import { EventStoreClosedError, WrongExpectedVersionError } from '../errors';
import {
  ANY,
  END,
  START,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from '../event-store.port';
import { promiseOf } from '../promise-of';
import { resolveAllRead, resolveStreamRead } from '../read-options';
import { compileFilter, type CompiledFilter } from '../subscription/subscription-filter';
import {
  isSystemEvent,
  positionOf,
  toEventData,
  toReadPosition,
  toRecordedEvent,
} from './esdb-mapping';
import { EsdbSubscription, type ResubscribeOptions } from './esdb-subscription';

export interface EsdbEventStoreSettings {
  /** How dropped subscriptions are restarted. */
  readonly resubscribe?: ResubscribeOptions;
}

/**
 * The EventStore port over EventStoreDB, through @eventstore/db-client 6 (the only code that
 * imports it). The port was modelled on this client, so most calls map one to one; the work here
 * is what differs: a missing stream reads as empty, `$all` hides EventStoreDB's own `$` events,
 * and subscriptions survive drops (see EsdbSubscription).
 */
export class EsdbEventStore implements EventStore {
  private closed = false;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<EsdbSubscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly settings: EsdbEventStoreSettings = {},
  ) {}

  appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    return this.track(async () => {
      const expectedRevision = options.expectedRevision ?? ANY;
      const prepared = prepareAppend(streamId, events, expectedRevision);
      try {
        const result = await this.client.appendToStream(streamId, prepared.map(toEventData), {
          expectedRevision,
        });
        if (result.position === undefined) {
          throw new Error(`EventStoreDB acknowledged the append to ${streamId} without a position`);
        }
        return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
      } catch (error) {
        if (error instanceof ClientWrongExpectedVersionError) {
          throw new WrongExpectedVersionError(streamId, expectedRevision, error.actualVersion);
        }
        throw error;
      }
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.track(async () => {
      assertStreamId(streamId);
      const read = resolveStreamRead(options);
      if (read.limit === 0) return [];
      const events = this.client.readStream(streamId, {
        fromRevision: options.fromRevision ?? (read.direction === 'forwards' ? START : END),
        direction: read.direction === 'forwards' ? FORWARDS : BACKWARDS,
        ...(read.limit === undefined ? {} : { maxCount: read.limit }),
      });
      try {
        return await collect(events, () => true);
      } catch (error) {
        // The client reports a missing stream while iterating; the port reads it as empty.
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.track(async () => {
      const read = resolveAllRead(options);
      const backwards = read.direction === 'backwards';
      const wanted = read.limit ?? Number.POSITIVE_INFINITY;
      const found: RecordedEvent[] = [];
      let from: typeof START | typeof END | Position =
        options.fromPosition ?? (backwards ? END : START);
      // System events count against the server's maxCount, so page until enough ledger events come.
      // Forwards is inclusive: each later page starts with the previous page's last event.
      for (let skipFirst = false; found.length < wanted; skipFirst = !backwards) {
        const pageSize = Math.min(wanted - found.length, 500) + (skipFirst ? 1 : 0);
        const page = await collectResolved(
          this.client.readAll({
            fromPosition: toReadPosition(from),
            direction: backwards ? BACKWARDS : FORWARDS,
            maxCount: pageSize,
          }),
        );
        const fresh = skipFirst ? page.slice(1) : page;
        for (const resolved of fresh) {
          const event = toRecordedEvent(resolved);
          if (event !== undefined && !isSystemEvent(event.type)) found.push(event);
        }
        const last = page.at(-1);
        const lastPosition = last && positionOf(last);
        if (page.length < pageSize || lastPosition === undefined) break;
        from = lastPosition;
      }
      return found.slice(0, wanted);
    });
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const filter = compileFilter(options.filter);
    if (this.closed) throw new EventStoreClosedError();
    const subscription: EsdbSubscription = new EsdbSubscription({
      open: (from, serverFilter) =>
        this.client.subscribeToAll({
          fromPosition: from,
          ...(serverFilter ? { filter: serverFilter } : {}),
        }),
      from: toReadPosition(options.fromPosition),
      filter,
      serverFilter: serverFilterOf(filter),
      resubscribe: this.settings.resubscribe ?? {},
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await Promise.allSettled([...this.pending]);
    await this.client.dispose();
  }

  /** Runs a call unless closed, and remembers it so that close() lets it settle first. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    const result = promiseOf(() => {
      if (this.closed) throw new EventStoreClosedError();
      return work();
    });
    this.pending.add(result);
    const forget = (): void => {
      this.pending.delete(result);
    };
    result.then(forget, forget);
    return result;
  }
}

/**
 * EventStoreDB filters on one field, so a filter on types *or* streams is checked on our side
 * only; a one-field filter also goes to the server, which then sends only what matches.
 */
function serverFilterOf(filter: CompiledFilter | undefined): Filter | undefined {
  if (filter === undefined) return undefined;
  const { eventTypePrefixes, streamPrefixes } = filter;
  if (streamPrefixes.length === 0) return eventTypeFilter({ prefixes: [...eventTypePrefixes] });
  if (eventTypePrefixes.length === 0) return streamNameFilter({ prefixes: [...streamPrefixes] });
  return undefined;
}

async function collectResolved(events: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
  const all: ResolvedEvent[] = [];
  for await (const resolved of events) all.push(resolved);
  return all;
}

async function collect(
  events: AsyncIterable<ResolvedEvent>,
  keep: (event: RecordedEvent) => boolean,
): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  for await (const resolved of events) {
    const event = toRecordedEvent(resolved);
    if (event !== undefined && keep(event)) found.push(event);
  }
  return found;
}
