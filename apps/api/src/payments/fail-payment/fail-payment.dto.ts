import { ApiProperty } from '@nestjs/swagger';
import { Length } from 'class-validator';
import { IsTextLine } from '../../http/validation/rules';

/** Body of `POST /v1/payments/{paymentId}/fail`: the PG's decline or error, kept for support (R7). */
export class FailPaymentDto {
  @ApiProperty({ minLength: 1, maxLength: 32, example: 'E1001' })
  @Length(1, 32, { message: 'PG 오류 코드(code)는 1~32자의 문자열이어야 합니다.' })
  @IsTextLine({
    message: 'PG 오류 코드(code)는 제어 문자 없이, 공백만이 아닌 한 줄이어야 합니다.',
  })
  readonly code!: string;

  @ApiProperty({ minLength: 1, maxLength: 500, example: '카드사 승인 거절' })
  @Length(1, 500, { message: 'PG 오류 메시지(message)는 1~500자의 문자열이어야 합니다.' })
  @IsTextLine({
    message: 'PG 오류 메시지(message)는 제어 문자 없이, 공백만이 아닌 한 줄이어야 합니다.',
  })
  readonly message!: string;
}
