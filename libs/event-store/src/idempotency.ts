import type { PreparedEvent } from './append-input';
import { DuplicateEventIdError } from './errors';
import type { AppendResult } from './event-store.port';
import { appendResultOf, type StoredEvent } from './stored-event';

/** What the idempotency check needs to see of the store, inside the append's transaction. */
export interface IdempotencyLookup {
  findById(eventId: string): Pick<StoredEvent, 'streamId' | 'revision'> | undefined;
  /** Up to `count` events of `streamId` from `fromRevision` on, forwards. */
  readStreamSlice(
    streamId: string,
    fromRevision: bigint,
    count: number,
  ): readonly Pick<StoredEvent, 'id' | 'revision' | 'position'>[];
}

/**
 * EventStoreDB's idempotent append: if these exact events (by id, in order) are already stored
 * consecutively in this stream, the append is a retry and gets the original result, whatever its
 * expected revision (which the first attempt consumed). Returns undefined for a new append; throws
 * `DuplicateEventIdError` when some id is stored but the append is not a faithful retry.
 */
export function findIdempotentResult(
  streamId: string,
  events: readonly PreparedEvent[],
  lookup: IdempotencyLookup,
): AppendResult | undefined {
  const [first] = events;
  if (first === undefined) return undefined;
  const found = lookup.findById(first.id);
  if (found === undefined) {
    const stored = events.slice(1).find((event) => lookup.findById(event.id) !== undefined);
    if (stored !== undefined) throw new DuplicateEventIdError(stored.id, streamId);
    return undefined;
  }
  const slice =
    found.streamId === streamId
      ? lookup.readStreamSlice(streamId, found.revision, events.length)
      : [];
  const isRetry =
    slice.length === events.length && slice.every((stored, i) => stored.id === events[i]?.id);
  const last = slice.at(-1);
  if (!isRetry || last === undefined) throw new DuplicateEventIdError(first.id, streamId);
  return appendResultOf(last);
}
