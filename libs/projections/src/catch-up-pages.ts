import {
  SqliteEventStore,
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SlimEvent,
} from '@lib/event-store';
import { yieldToEventLoop } from '@lib/common';
import { hasReached } from './position';

/** Events the runner applies in one transaction: a page while catching up, a batch once live. */
export interface EventBatch {
  /** The events some projection handles (others may be left out), in order. */
  readonly events: readonly SlimEvent[];
  /** The last event read, handled or not: where every checkpoint moves. */
  readonly last: Position;
  /** Events read, handled or not. */
  readonly read: number;
}

/**
 * The log after `from`, a page at a time, up to its end as it stands: how a runner that is behind
 * reads (a start, a restart after an error, a rebuild). A subscription hands over one event per
 * awaited `next()`; a page is one awaited read for thousands of events. Ends after the first page
 * that is not full (the end of the log when it was read); the runner then subscribes after the
 * last position for what comes next.
 *
 * On the SQLite store it reads slim pages (no ids, no metadata, no parsing of unhandled events):
 * converting rows was the largest cost of a rebuild after the writes. Other stores are read
 * through the port's `readAll`.
 */
export function pagesAfter(
  store: EventStore,
  from: Position | null,
  pageSize: number,
  handled: (type: string) => boolean,
): AsyncGenerator<EventBatch, void, undefined> {
  if (store instanceof SqliteEventStore) return slimPagesAfter(store, from, pageSize, handled);
  return portPagesAfter(store, from, pageSize);
}

async function* slimPagesAfter(
  store: SqliteEventStore,
  from: Position | null,
  pageSize: number,
  handled: (type: string) => boolean,
): AsyncGenerator<EventBatch, void, undefined> {
  let cursor = from;
  for (;;) {
    const { events, last, read } = await store.readSlimPage(cursor, pageSize, handled);
    if (last === null) return;
    yield { events, last, read };
    if (read < pageSize) return;
    cursor = last;
    await yieldToEventLoop();
  }
}

async function* portPagesAfter(
  store: EventStore,
  from: Position | null,
  pageSize: number,
): AsyncGenerator<EventBatch, void, undefined> {
  let cursor = from;
  for (;;) {
    // Reading forwards from a position includes it (see ReadAllOptions): ask for one more.
    const maxCount = cursor === null ? pageSize : pageSize + 1;
    const page = await store.readAll({ fromPosition: cursor ?? START, maxCount });
    const events = after(cursor, page);
    const last = events.at(-1);
    if (last === undefined) return;
    yield { events, last: last.position, read: events.length };
    if (page.length < maxCount) return;
    cursor = last.position;
    await yieldToEventLoop();
  }
}

/** Drops what `cursor` has: the event at it, if the read included it. */
function after(cursor: Position | null, page: RecordedEvent[]): RecordedEvent[] {
  let first = 0;
  while (first < page.length && hasReached(cursor, (page[first] as RecordedEvent).position)) {
    first += 1;
  }
  return first === 0 ? page : page.slice(first);
}
