import type { AppendResult, JsonObject, JsonValue, RecordedEvent } from './event-store.port';

/** An event as an embedded adapter keeps it: data and metadata as the JSON text first stored. */
export interface StoredEvent {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** ISO 8601 UTC. */
  readonly created: string;
}

/** Parses on every read, so no reader can change what another reader (or the store) sees. */
export function toRecordedEvent(stored: StoredEvent): RecordedEvent {
  return {
    id: stored.id,
    type: stored.type,
    data: JSON.parse(stored.data) as JsonValue,
    metadata: JSON.parse(stored.metadata) as JsonObject,
    streamId: stored.streamId,
    revision: stored.revision,
    position: { commit: stored.position, prepare: stored.position },
    created: new Date(stored.created),
  };
}

/** The result of an append whose last event is `last`. */
export function appendResultOf(last: Pick<StoredEvent, 'revision' | 'position'>): AppendResult {
  return {
    nextExpectedRevision: last.revision,
    position: { commit: last.position, prepare: last.position },
  };
}
