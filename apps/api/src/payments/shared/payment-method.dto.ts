import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, registerDecorator } from 'class-validator';
import {
  BANK_CODES,
  CARD_ISSUER_CODES,
  isBankCode,
  isCardIssuer,
  PAYMENT_METHODS,
  type BankCode,
  type CardIssuer,
  type PaymentMethod,
} from '@lib/ledger';

interface DetailMessages {
  /** The method needs the detail and it is missing. */
  readonly missing: string;
  /** The detail is not in the table (R1). */
  readonly unknown: string;
  /** The detail belongs to the other method. */
  readonly misplaced: string;
}

/**
 * The detail of one method (`cardIssuer` for CARD, `bankCode` for BANK_TRANSFER): required and
 * from the table with that method, absent with the other. An unknown method is reported on
 * `method` alone.
 */
function DetailOfMethod(
  method: PaymentMethod,
  isKnown: (value: unknown) => boolean,
  messages: DetailMessages,
): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: `detailOf${method}`,
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ value, object }) => {
          if (methodOf(object) !== method) {
            return messages.misplaced;
          }
          return value === undefined ? messages.missing : messages.unknown;
        },
      },
      validator: {
        validate: (value: unknown, args) => {
          const chosen = methodOf(args?.object);
          if (chosen === method) {
            return isKnown(value);
          }
          return value === undefined || !(PAYMENT_METHODS as readonly unknown[]).includes(chosen);
        },
      },
    });
  };
}

function methodOf(object: unknown): unknown {
  return typeof object === 'object' && object !== null
    ? (object as Record<string, unknown>).method
    : undefined;
}

/** `method` with its detail: `CARD` + `cardIssuer`, or `BANK_TRANSFER` + `bankCode` (R1). */
export class PaymentMethodDto {
  @ApiProperty({ enum: PAYMENT_METHODS, example: 'CARD' })
  @IsIn(PAYMENT_METHODS, { message: '결제수단(method)은 CARD 또는 BANK_TRANSFER여야 합니다.' })
  readonly method!: PaymentMethod;

  @ApiPropertyOptional({
    enum: CARD_ISSUER_CODES,
    description: 'Required with CARD, absent with BANK_TRANSFER',
    example: 'SHINHAN',
  })
  @DetailOfMethod('CARD', isCardIssuer, {
    missing: '카드 결제에는 카드사(cardIssuer)가 필요합니다.',
    unknown: '지원하지 않는 카드사입니다.',
    misplaced: '계좌이체에는 카드사(cardIssuer)를 보내지 않습니다.',
  })
  readonly cardIssuer?: CardIssuer;

  @ApiPropertyOptional({
    enum: BANK_CODES,
    description: '3-digit Korean bank code; required with BANK_TRANSFER, absent with CARD',
    example: '004',
  })
  @DetailOfMethod('BANK_TRANSFER', isBankCode, {
    missing: '계좌이체에는 은행 코드(bankCode)가 필요합니다.',
    unknown: '지원하지 않는 은행 코드입니다.',
    misplaced: '카드 결제에는 은행 코드(bankCode)를 보내지 않습니다.',
  })
  readonly bankCode?: BankCode;
}
