import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '@lib/projections';

export const DEFAULT_PAGE_SIZE = 20;

/** `?limit=&cursor=` of a payment list. Query values arrive as strings: `limit` is converted. */
export class PaymentListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `limit은 1~${MAX_PAGE_SIZE}의 정수여야 합니다.` })
  @Min(1, { message: `limit은 1~${MAX_PAGE_SIZE}의 정수여야 합니다.` })
  @Max(MAX_PAGE_SIZE, { message: `limit은 1~${MAX_PAGE_SIZE}의 정수여야 합니다.` })
  readonly limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  // Its content is checked by the query, which answers INVALID_CURSOR for a cursor it did not make.
  @IsString({ message: '페이지 커서(cursor)는 문자열이어야 합니다.' })
  readonly cursor?: string;
}
