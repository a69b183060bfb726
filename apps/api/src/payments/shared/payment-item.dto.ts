import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, type TransformFnParams, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsObject,
  Matches,
  ValidateNested,
} from 'class-validator';
import { REQUEST_LIMITS } from '../../http/limits';

/** 2–40 characters of Hangul, letters, digits and spaces, not starting or ending with a space. */
export const COURT_NAME = /^[가-힣A-Za-z0-9][가-힣A-Za-z0-9 ]{0,38}[가-힣A-Za-z0-9]$/;
/** R2: a 4-digit year, a 1–4 syllable case-type code and a 1–7 digit serial (`2024가합12345`). */
export const CASE_NUMBER = /^[0-9]{4}[가-힣]{1,4}[0-9]{1,7}$/;

/**
 * Hangul typed on some systems arrives decomposed (NFD); composing it first lets `서울` match the
 * pattern and makes two spellings of one judgment the same judgment.
 */
function composeHangul({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.normalize('NFC') : (value as unknown);
}

/** One judgment to pay for: court plus case number identify it (the number repeats across courts). */
export class PaymentItemDto {
  @ApiProperty({
    pattern: COURT_NAME.source,
    minLength: 2,
    maxLength: 40,
    example: '서울중앙지방법원',
  })
  @Transform(composeHangul, { toClassOnly: true })
  @Matches(COURT_NAME, {
    message: '법원명은 한글, 영문, 숫자, 공백으로 된 2~40자여야 합니다(앞뒤 공백 없이).',
  })
  readonly court!: string;

  @ApiProperty({ pattern: CASE_NUMBER.source, example: '2024가합12345' })
  @Transform(composeHangul, { toClassOnly: true })
  @Matches(CASE_NUMBER, {
    message:
      '사건번호는 연도 4자리, 사건 부호(한글 1~4자), 일련번호(숫자 1~7자리)입니다. 예: 2024가합12345',
  })
  readonly caseNumber!: string;
}

const MAX_ITEMS = REQUEST_LIMITS.itemsPerPaymentMax;

/** Two items are the same judgment when court and case number match (R2). */
function judgmentOf(item: unknown): unknown {
  if (
    item instanceof PaymentItemDto &&
    typeof item.court === 'string' &&
    typeof item.caseNumber === 'string'
  ) {
    return `${item.court}\u0000${item.caseNumber}`;
  }
  return {}; // not an item: reported on its own, never a duplicate of another
}

/** `items`: 1..REQUEST_LIMITS.itemsPerPaymentMax distinct judgments. */
export function PaymentItemsField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [PaymentItemDto], minItems: 1, maxItems: MAX_ITEMS }),
    Type(() => PaymentItemDto),
    IsArray({ message: '사건 목록(items)은 배열이어야 합니다.' }),
    ArrayMinSize(1, { message: '사건을 1건 이상 골라 주세요.' }),
    ArrayMaxSize(MAX_ITEMS, {
      message: `한 번에 결제할 수 있는 사건은 최대 ${MAX_ITEMS.toLocaleString('en-US')}건입니다.`,
    }),
    ArrayUnique(judgmentOf, { message: '같은 사건(법원과 사건번호)이 두 번 들어 있습니다.' }),
    IsObject({ each: true, message: '사건은 court와 caseNumber를 가진 객체여야 합니다.' }),
    ValidateNested({ each: true }),
  );
}
