import type { JsonObject, JsonValue, RecordedEvent } from '@lib/event-store';
import type { HashedEvent } from './event-hash';
import { redactData, redactStreamId } from './redaction';

/**
 * One event of the log as auditors see it (DESIGN.md §6, the audit log's shape): the audit route,
 * `ledger export` and `ledger verify` all speak it. A guest's secrets and a guest look-up stream's
 * phone key show only as their SHA-256 (R25); the hash chain covers them in that form, so a
 * record verifies on its own. Positions and revisions are decimal strings.
 */
export interface AuditRecord {
  readonly position: string;
  readonly stream: string;
  readonly revision: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  /** When the store recorded it (ISO 8601 UTC). */
  readonly createdAt: string;
}

export function auditRecordOf(event: RecordedEvent): AuditRecord {
  return {
    position: event.position.commit.toString(),
    stream: redactStreamId(event.streamId),
    revision: event.revision.toString(),
    type: event.type,
    data: redactData(event.data) as JsonValue,
    metadata: event.metadata,
    createdAt: event.created.toISOString(),
  };
}

/** The record as the hash sees it. */
export function hashedEventOf(record: AuditRecord): HashedEvent {
  return {
    streamId: record.stream,
    revision: BigInt(record.revision),
    type: record.type,
    data: record.data,
    metadata: record.metadata,
  };
}
