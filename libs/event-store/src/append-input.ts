import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError } from './errors';
import type { EventData, ExpectedRevision } from './event-store.port';
import { assertValidExpectedRevision } from './expected-revision';

/** An event checked and serialized, ready to store: every adapter stores exactly these strings. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an append's arguments and serializes its events. A bad argument is a programming error
 * (TypeError), raised before anything is queued, so that a failing append never reaches the store.
 */
export function prepareAppend(
  streamId: string,
  events: readonly EventData[],
  expectedRevision: ExpectedRevision,
): PreparedEvent[] {
  assertStreamId(streamId);
  assertValidExpectedRevision(expectedRevision);
  if (events.length === 0) {
    throw new TypeError(`An append to ${streamId} must carry at least one event`);
  }
  const seen = new Set<string>();
  return events.map((event) => {
    const prepared = prepareEvent(event);
    // Ids are unique in the store, so two equal ids in one append can never both be stored.
    if (seen.has(prepared.id)) throw new DuplicateEventIdError(prepared.id, streamId);
    seen.add(prepared.id);
    return prepared;
  });
}

export function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError('A stream id must be a non-empty string');
  }
}

function prepareEvent(event: EventData): PreparedEvent {
  // EventStoreDB takes only UUIDs as event ids; refusing others here keeps the adapters alike.
  if (event.id !== undefined && !UUID.test(event.id)) {
    throw new TypeError(`An event id must be a UUID, got ${JSON.stringify(event.id)}`);
  }
  if (typeof event.type !== 'string' || event.type.length === 0) {
    throw new TypeError('An event type must be a non-empty string');
  }
  return {
    id: (event.id ?? randomUUID()).toLowerCase(),
    type: event.type,
    data: toJson(event.data, 'data'),
    metadata: toJson(event.metadata ?? {}, 'metadata'),
  };
}

function toJson(value: unknown, what: string): string {
  const json: unknown = JSON.stringify(value);
  if (typeof json !== 'string') throw new TypeError(`Event ${what} must be JSON`);
  return json;
}
