import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const AUDIT_PAGE_LIMITS = {
  /** Events per answer when `limit` is absent. */
  default: 100,
  /** Most events in one JSON answer (it is built in memory). */
  json: 1_000,
  /** Most events in one NDJSON answer (it is streamed, page by page). */
  ndjson: 100_000,
} as const;

const LIMIT_MESSAGE =
  `limit은 1~${AUDIT_PAGE_LIMITS.json}의 정수여야 합니다` +
  ` (application/x-ndjson은 ${AUDIT_PAGE_LIMITS.ndjson}까지).`;

/** `?after=&limit=` of the audit log. Query values arrive as strings: `limit` is converted. */
export class AuditLogQueryDto {
  @ApiPropertyOptional({
    description: 'Position (decimal string) of the last event already read; exclusive',
    example: '42',
  })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,18})$/, { message: 'after는 0 이상의 10진수 위치여야 합니다.' })
  readonly after?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: AUDIT_PAGE_LIMITS.ndjson,
    default: AUDIT_PAGE_LIMITS.default,
    description: `At most ${AUDIT_PAGE_LIMITS.json} in JSON, ${AUDIT_PAGE_LIMITS.ndjson} in NDJSON`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(AUDIT_PAGE_LIMITS.ndjson, { message: LIMIT_MESSAGE })
  readonly limit?: number;
}

export { LIMIT_MESSAGE as AUDIT_LIMIT_MESSAGE };
