import { ApiProperty } from '@nestjs/swagger';
import type { JsonObject, JsonValue, RecordedEvent } from '@lib/event-store';
import { positionText } from '../shared/log-position';

/** One event of the global log, exactly as stored (DESIGN.md §6). */
export class AuditEventView {
  @ApiProperty({ description: 'Position in `$all` (decimal string)', example: '42' })
  readonly position!: string;
  @ApiProperty({ example: 'payment-3f1c…' }) readonly stream!: string;
  @ApiProperty({ description: 'Revision in its stream (decimal string)', example: '0' })
  readonly revision!: string;
  @ApiProperty({ example: 'PaymentRequested' }) readonly type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) readonly data!: JsonValue;
  @ApiProperty({ type: 'object', additionalProperties: true }) readonly metadata!: JsonObject;
  @ApiProperty({ description: 'When the store recorded it (ISO 8601 UTC)' })
  readonly createdAt!: string;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEventView] }) readonly events!: AuditEventView[];
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Pass as `after` for the next page; null when this page reached the end of the log',
  })
  readonly next!: string | null;
}

/**
 * Verbatim, guests' hashes included: the auditor checks the log itself, and a copy with fields
 * taken out could not be compared with it.
 */
export function auditEvent(event: RecordedEvent): AuditEventView {
  return {
    position: positionText(event.position),
    stream: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    createdAt: event.created.toISOString(),
  };
}
