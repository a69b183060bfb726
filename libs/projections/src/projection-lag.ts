import {
  SqliteEventStore,
  START,
  type EventStore,
  type Position,
  type SlimEvent,
} from '@lib/event-store';
import { hasReached } from './position';

/** How far the read models are behind the log's end. */
export interface ProjectionLag {
  /** Events stored after the checkpoint, counted up to the limit asked for. */
  readonly events: number;
  /** Whether the count stopped at that limit (there may be more). */
  readonly atLeast: boolean;
  /** Age of the oldest event not applied yet, by the ledger's clock; 0 when caught up. */
  readonly seconds: number;
}

const CAUGHT_UP: ProjectionLag = { events: 0, atLeast: false, seconds: 0 };

/**
 * The lag of read models whose projections have applied the log up to `appliedUpTo`: the events
 * after it (counted up to `countUpTo`, so a runner far behind costs one bounded read) and how long
 * ago the first of them was recorded. On the SQLite store the count reads rows without parsing
 * them; other stores are read through the port.
 */
export async function projectionLag(
  store: EventStore,
  appliedUpTo: Position | null,
  nowMs: number,
  countUpTo: number,
): Promise<ProjectionLag> {
  const { first, events } = await eventsAfter(store, appliedUpTo, countUpTo);
  if (first === undefined) return CAUGHT_UP;
  return {
    events,
    atLeast: events >= countUpTo,
    seconds: Math.max(0, (nowMs - first.created.getTime()) / 1_000),
  };
}

async function eventsAfter(
  store: EventStore,
  after: Position | null,
  countUpTo: number,
): Promise<{ readonly first: Pick<SlimEvent, 'created'> | undefined; readonly events: number }> {
  if (store instanceof SqliteEventStore) {
    const [first] = (await store.readSlimPage(after, 1, () => true)).events;
    if (first === undefined) return { first, events: 0 };
    const { read } = await store.readSlimPage(after, countUpTo, () => false);
    return { first, events: read };
  }
  // Reading forwards from a position includes it: ask for one more and drop it.
  const page = await store.readAll({ fromPosition: after ?? START, maxCount: countUpTo + 1 });
  const unapplied = page.filter((event) => !hasReached(after, event.position));
  return { first: unapplied[0], events: Math.min(unapplied.length, countUpTo) };
}
