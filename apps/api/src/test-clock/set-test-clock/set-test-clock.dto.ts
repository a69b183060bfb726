import { ApiProperty } from '@nestjs/swagger';
import { IsIsoInstantWithOffset } from '../../http/validation/rules';

/** Body of `PUT /v1/test-clock`. */
export class SetTestClockDto {
  @ApiProperty({
    description: 'The new now: ISO 8601 with an offset, not before the current one',
    format: 'date-time',
    example: '2026-12-02T00:00:00+09:00',
  })
  @IsIsoInstantWithOffset({
    message: '시각(now)은 시간대가 있는 ISO 8601 형식이어야 합니다. 예: 2026-12-02T00:00:00+09:00',
  })
  readonly now!: string;
}
