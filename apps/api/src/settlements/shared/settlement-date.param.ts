import { Injectable, Param, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { isBusinessDate } from '@lib/ledger';
import { validationFailed } from '../../http';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `{date}`: a real KST calendar date `yyyy-mm-dd` (2026-02-30 is a 400, not a 404). */
@Injectable()
export class SettlementDatePipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && DATE_PATTERN.test(value) && isBusinessDate(value)) {
      return value;
    }
    throw validationFailed([
      {
        field: metadata.data ?? 'date',
        message: '정산일은 yyyy-mm-dd 형식의 실제 날짜여야 합니다. 예: 2026-12-01',
      },
    ]);
  }
}

export function SettlementDateParam(): ParameterDecorator {
  const param = Param('date', SettlementDatePipe);
  const documented = ApiParam({
    name: 'date',
    description: 'The KST calendar day',
    schema: { type: 'string', format: 'date', pattern: DATE_PATTERN.source, example: '2026-12-01' },
  });
  return (target, key, index) => {
    param(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor !== undefined) documented(target, key, descriptor);
    }
  };
}
