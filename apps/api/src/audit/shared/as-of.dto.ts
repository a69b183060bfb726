import { ApiProperty } from '@nestjs/swagger';
import { IsIsoInstantWithOffset } from '../../http/validation/rules';

export const AS_OF_MESSAGE =
  'asOf는 시간대가 있는 ISO 8601 시각이어야 합니다. 예: 2026-12-01T01:00:00.000Z' +
  ' (주소에서는 +를 %2B로 적어 주세요: 2026-12-01T10:00:00%2B09:00)';

export const AS_OF_DESCRIPTION =
  'An instant of transaction time (ISO 8601 with an offset): the store\u2019s recording time of ' +
  'the events (their `createdAt` in the audit log), not the business times the events carry ' +
  '(`requestedAt`, `completedAt`, `occurredAt`). An event recorded exactly at `asOf` counts. It ' +
  'may not be later than now. In a query string write `+` as `%2B`.';

/** `?asOf=` of the as-of routes. */
export class AsOfQueryDto {
  @ApiProperty({
    description: AS_OF_DESCRIPTION,
    format: 'date-time',
    example: '2026-12-01T01:00:00.000Z',
  })
  @IsIsoInstantWithOffset({ message: AS_OF_MESSAGE })
  readonly asOf!: string;
}
