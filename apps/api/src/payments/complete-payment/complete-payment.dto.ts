import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
import { IsIsoInstantWithOffset } from '../../http/validation/rules';

/** 1–128 printable ASCII characters, not starting or ending with a space. */
export const PG_TRANSACTION_ID = /^[\x21-\x7E](?:[\x20-\x7E]{0,126}[\x21-\x7E])?$/;

/** Body of `POST /v1/payments/{paymentId}/complete`: the PG's approval (R3, R3a). */
export class CompletePaymentDto {
  @ApiProperty({ pattern: PG_TRANSACTION_ID.source, maxLength: 128, example: 'pg-20260301-0001' })
  @Matches(PG_TRANSACTION_ID, {
    message: 'PG 거래번호(pgTransactionId)는 출력 가능한 ASCII 문자 1~128자여야 합니다.',
  })
  readonly pgTransactionId!: string;

  @ApiProperty({
    description: 'KRW, a whole number',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 5000,
  })
  @IsInt({ message: '승인 금액(approvedAmount)은 정수(원)여야 합니다.' })
  @Min(1, { message: '승인 금액(approvedAmount)은 1원 이상이어야 합니다.' })
  @Max(Number.MAX_SAFE_INTEGER, { message: '승인 금액(approvedAmount)이 너무 큽니다.' })
  readonly approvedAmount!: number;

  @ApiProperty({
    description: 'ISO 8601 with an offset',
    format: 'date-time',
    example: '2026-03-01T10:15:30+09:00',
  })
  @IsIsoInstantWithOffset({
    message:
      '승인 시각(approvedAt)은 시간대가 있는 ISO 8601 형식이어야 합니다. 예: 2026-03-01T10:15:30+09:00',
  })
  readonly approvedAt!: string;

  @ApiProperty({ description: 'The PG verified an accredited certificate (R3)' })
  @IsBoolean({ message: '공인인증서 확인 여부(certificateVerified)는 true 또는 false여야 합니다.' })
  readonly certificateVerified!: boolean;
}
