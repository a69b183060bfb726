import type {
  JSONEventData,
  JSONType,
  Position as ClientPosition,
  ReadPosition,
  ResolvedEvent,
} from '@eventstore/db-client';
import type { PreparedEvent } from '../append-input';
import {
  END,
  START,
  type JsonObject,
  type JsonValue,
  type Position,
  type RecordedEvent,
} from '../event-store.port';

/** EventStoreDB's own events ($stats, $metadata, projections…): never part of the ledger. */
export function isSystemEvent(type: string): boolean {
  return type.startsWith('$');
}

export function toEventData(event: PreparedEvent): JSONEventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // The client JSON-stringifies data and metadata again; parsing our checked JSON gives it a fresh
    // copy. Its JSONType omits top-level primitives, which JSON (and the client at run time) allows.
    data: JSON.parse(event.data) as JSONType,
    metadata: JSON.parse(event.metadata) as JSONType,
  };
}

export function toReadPosition(
  from: typeof START | typeof END | Position | undefined,
): ReadPosition {
  if (from === undefined || from === START || from === END) return from ?? START;
  return { commit: from.commit, prepare: from.prepare };
}

/** The `$all` position of a resolved event (an event read from a stream carries one too). */
export function positionOf(resolved: ResolvedEvent): Position | undefined {
  const position: ClientPosition | undefined = resolved.event?.position;
  if (position !== undefined) return { commit: position.commit, prepare: position.prepare };
  if (resolved.commitPosition !== undefined) {
    return { commit: resolved.commitPosition, prepare: resolved.commitPosition };
  }
  return undefined;
}

/**
 * The port's view of a client event; `undefined` for what the ledger never sees: a link whose
 * target is gone, or an event that is not JSON (the ledger writes only JSON).
 */
export function toRecordedEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined || !event.isJson) return undefined;
  const position = positionOf(resolved);
  if (position === undefined) {
    throw new Error(`EventStoreDB sent event ${event.id} without a position`);
  }
  return {
    id: event.id,
    type: event.type,
    data: event.data as JsonValue,
    metadata: isJsonObject(event.metadata) ? event.metadata : {},
    streamId: event.streamId,
    revision: event.revision,
    position,
    created: event.created,
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}
