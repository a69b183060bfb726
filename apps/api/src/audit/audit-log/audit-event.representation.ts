import { ApiProperty } from '@nestjs/swagger';
import type { AuditRecord } from '@lib/audit';
import type { JsonObject, JsonValue } from '@lib/event-store';
import { INSTANT } from '../../openapi/properties.openapi';

/**
 * One event of the global log as auditors see it (DESIGN.md §6, R25): as stored, except that a
 * guest's `passwordHash` and `phoneKey`, and the phone key in a guest look-up stream's name, show
 * only as their SHA-256 digests. The hash chain covers them in that form, so the redacted log
 * still verifies (docs/audit.md).
 */
export class AuditEventView implements AuditRecord {
  @ApiProperty({ description: 'Position in `$all` (decimal string)', example: '42' })
  readonly position!: string;
  @ApiProperty({
    example: 'payment-3f1c…',
    description: 'A guest look-up stream is named by the SHA-256 of its phone key',
  })
  readonly stream!: string;
  @ApiProperty({ description: 'Revision in its stream (decimal string)', example: '0' })
  readonly revision!: string;
  @ApiProperty({ example: 'PaymentRequested' }) readonly type!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'As stored, but a guest payer\'s `passwordHash` and `phoneKey` are `{ "sha256": "<hex>" }` ' +
      '(R25)',
  })
  readonly data!: JsonValue;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'As stored: correlation, causation, actor, occurredAt, schemaVersion, hash chain',
  })
  readonly metadata!: JsonObject;
  @ApiProperty({
    ...INSTANT,
    description:
      'When the store recorded it (ISO 8601 UTC): the transaction time that `asOf` queries compare',
  })
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
