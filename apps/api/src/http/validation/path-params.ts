import { type ArgumentMetadata, Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { validationFailed } from './validation-failed';
import { PAYER_ID, RESOURCE_ID } from './patterns';

/** Checks a path parameter against a pattern; a mismatch is a 400 naming the parameter. */
@Injectable()
export class PathParamPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly message: string,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && this.pattern.test(value)) {
      return value;
    }
    throw validationFailed([{ field: metadata.data ?? 'path', message: this.message }]);
  }
}

/**
 * A validated path parameter, documented with its pattern: `@PathParam('paymentId', RESOURCE_ID,
 * '…')`. The router accepts long parameters on purpose (see REQUEST_LIMITS.routeParamChars), so an
 * overlong id arrives here and gets a 400 like any other malformed one.
 */
export function PathParam(name: string, pattern: RegExp, message: string): ParameterDecorator {
  const param = Param(name, new PathParamPipe(pattern, message));
  const documented = ApiParam({
    name,
    type: String,
    schema: { type: 'string', pattern: pattern.source },
  });
  return (target, key, index) => {
    param(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor !== undefined) {
        documented(target, key, descriptor);
      }
    }
  };
}

/** `{paymentId}`: the transaction number (거래번호). */
export const PaymentIdParam = (name = 'paymentId'): ParameterDecorator =>
  PathParam(name, RESOURCE_ID, '거래번호는 영문, 숫자, -, _ 로 된 1~64자여야 합니다.');

/** `{itemId}`: one judgment of a payment. */
export const ItemIdParam = (name = 'itemId'): ParameterDecorator =>
  PathParam(name, RESOURCE_ID, '항목 번호는 영문, 숫자, -, _ 로 된 1~64자여야 합니다.');

/** `{memberId}`: same format as in a payment request. */
export const MemberIdParam = (name = 'memberId'): ParameterDecorator =>
  PathParam(name, PAYER_ID, '회원 아이디는 영문, 숫자, ., -, _ 로 된 1~64자여야 합니다.');
