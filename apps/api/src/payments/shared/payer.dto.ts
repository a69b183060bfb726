import { applyDecorators } from '@nestjs/common';
import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance, Transform, type TransformFnParams } from 'class-transformer';
import { IsIn, IsObject, Length, Matches, ValidateNested } from 'class-validator';
import { PAYER_ID } from '../../http/validation/patterns';

export const PAYER_TYPES = ['MEMBER', 'GUEST'] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

/** A Korean phone number (DESIGN.md §6): starts with 0, 9–11 digits, single hyphens between digits. */
export const PHONE_NUMBER = /^0(?:-?[0-9]){8,10}$/;
export const PASSWORD_CHARS = { min: 4, max: 64 } as const;

/** memberId / verificationId. */
function PayerIdField(label: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ pattern: PAYER_ID.source, minLength: 1, maxLength: 64, example }),
    Matches(PAYER_ID, { message: `${label}는 영문, 숫자, ., _, - 로 된 1~64자여야 합니다.` }),
  );
}

/** The guest's phone number; it is never echoed back, not even in an error. */
export function PhoneField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ pattern: PHONE_NUMBER.source, example: '010-1234-5678' }),
    Matches(PHONE_NUMBER, {
      message: '전화번호는 0으로 시작하는 숫자 9~11자리여야 합니다(하이픈 허용).',
    }),
  );
}

/** The guest's look-up password; stored only as a slow hash, never logged or echoed. */
export function PasswordField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      minLength: PASSWORD_CHARS.min,
      maxLength: PASSWORD_CHARS.max,
      format: 'password',
      writeOnly: true,
    }),
    Length(PASSWORD_CHARS.min, PASSWORD_CHARS.max, {
      message: `비밀번호는 ${PASSWORD_CHARS.min}~${PASSWORD_CHARS.max}자의 문자열이어야 합니다.`,
    }),
  );
}

export class MemberPayerDto {
  @ApiProperty({ enum: ['MEMBER'] })
  @IsIn(['MEMBER'], { message: '결제자 유형(type)은 MEMBER 또는 GUEST여야 합니다.' })
  readonly type!: 'MEMBER';

  @PayerIdField('회원 아이디(memberId)', 'm-1001')
  readonly memberId!: string;
}

/** A non-member, identified by the opaque id of their real-name check (never the RRN, R15). */
export class GuestPayerDto {
  @ApiProperty({ enum: ['GUEST'] })
  @IsIn(['GUEST'], { message: '결제자 유형(type)은 MEMBER 또는 GUEST여야 합니다.' })
  readonly type!: 'GUEST';

  @PayerIdField('실명확인 아이디(verificationId)', 'rnv-7f3a9c')
  readonly verificationId!: string;

  @PhoneField()
  readonly phone!: string;

  @PasswordField()
  readonly password!: string;
}

/** What a payer of no known type is checked as: its `type` is the error. */
class UnknownPayerDto {
  @IsIn(PAYER_TYPES, { message: '결제자 유형(type)은 MEMBER 또는 GUEST여야 합니다.' })
  readonly type!: unknown;
}

export type PayerDto = MemberPayerDto | GuestPayerDto;

/**
 * Picks the payer class by `type`. Done by hand rather than with class-transformer's
 * discriminator, which throws a TypeError (a 500) on `"payer": [null]`. Anything that is not an
 * object is left as it came, for @IsObject to refuse.
 */
function toPayerDto({ value }: TransformFnParams): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value as unknown;
  }
  const type = (value as Record<string, unknown>).type;
  const target =
    type === 'MEMBER' ? MemberPayerDto : type === 'GUEST' ? GuestPayerDto : UnknownPayerDto;
  return plainToInstance(target, value);
}

/** `payer`: a MEMBER or a GUEST object, validated by the class its `type` names. */
export function PayerField(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      oneOf: [{ $ref: getSchemaPath(MemberPayerDto) }, { $ref: getSchemaPath(GuestPayerDto) }],
      discriminator: {
        propertyName: 'type',
        mapping: {
          MEMBER: getSchemaPath(MemberPayerDto),
          GUEST: getSchemaPath(GuestPayerDto),
        },
      },
    }),
    Transform(toPayerDto, { toClassOnly: true }),
    IsObject({ message: '결제자(payer)는 객체여야 합니다.' }),
    ValidateNested(),
  );
}
