import type { JsonObject, JsonValue, RecordedEvent } from '../event-store.port';

/** The columns of an event as the reads select them, in this order (see `EventRow`). */
export const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, type, data, metadata, created';

/**
 * An event's row as better-sqlite3 returns it in raw mode: an array, not an object keyed by column
 * name, which is cheaper to make and to read for every event of a long scan. Integers are bigint
 * (the connection's `defaultSafeIntegers`).
 */
export type EventRow = readonly [
  position: bigint,
  streamId: string,
  revision: bigint,
  id: string,
  type: string,
  data: string,
  metadata: string,
  created: string,
];

/**
 * The recorded event of a row, parsed on every read, so no reader can change what another reader
 * (or the store) sees.
 */
export function recordedEventOf(row: EventRow): RecordedEvent {
  const [position, streamId, revision, id, type, data, metadata, created] = row;
  return {
    id,
    type,
    data: JSON.parse(data) as JsonValue,
    metadata: JSON.parse(metadata) as JsonObject,
    streamId,
    revision,
    position: { commit: position, prepare: position },
    created: new Date(created),
  };
}

/** Every row of a page, converted in one pass (no intermediate array of row objects). */
export function recordedEventsOf(rows: readonly EventRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i += 1) events[i] = recordedEventOf(rows[i] as EventRow);
  return events;
}
