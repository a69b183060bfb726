import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import { HTTP_PROBLEMS, problemForStatus } from './problem-catalog';
import { PROBLEM_MEDIA_TYPE } from './problem';

@ApiSchema({ name: 'FieldViolation' })
export class FieldViolationSchema {
  @ApiProperty({ example: 'items[0].caseNumber' })
  readonly field!: string;

  @ApiProperty({ example: '사건번호는 연도 4자리, 사건 부호(한글 1~4자), 일련번호 1~7자리입니다.' })
  readonly message!: string;
}

/** The `Problem` schema of the OpenAPI document: every error answer has this shape. */
@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem document (application/problem+json)' })
export class ProblemSchema {
  @ApiProperty({ example: 'urn:judgment-fee-ledger:problem:validation-failed' })
  readonly type!: string;

  @ApiProperty({
    description: 'English summary of the kind of problem',
    example: 'Validation failed',
  })
  readonly title!: string;

  @ApiProperty({ type: 'integer', example: 400 })
  readonly status!: number;

  @ApiProperty({
    description: 'Stable UPPER_SNAKE code; switch on this',
    example: 'VALIDATION_FAILED',
  })
  readonly code!: string;

  @ApiProperty({
    description: 'Korean, user-facing',
    example: HTTP_PROBLEMS.VALIDATION_FAILED.message,
  })
  readonly message!: string;

  @ApiPropertyOptional({ description: 'English detail of this occurrence' })
  readonly detail?: string;

  @ApiPropertyOptional({ description: 'Request path', example: '/v1/payments' })
  readonly instance?: string;

  @ApiPropertyOptional({ description: 'Why an action was refused', example: 'ALREADY_VIEWED' })
  readonly reason?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'ISO 8601 instant from which a retry may succeed',
  })
  readonly retryAfter?: string;

  @ApiPropertyOptional({ description: "The payment gateway's code", example: 'C001' })
  readonly pgCode?: string;

  @ApiPropertyOptional({ description: "The payment gateway's message" })
  readonly pgMessage?: string;

  @ApiPropertyOptional({ type: [FieldViolationSchema], description: 'Field violations (400)' })
  readonly errors?: FieldViolationSchema[];
}

/** One documented error answer: a status, and optionally the codes a client may see with it. */
export interface ProblemResponseSpec {
  readonly status: number;
  readonly codes?: readonly string[];
  readonly description?: string;
}

/**
 * Documents error answers as problem documents, e.g.
 * `@ApiProblemResponses(400, { status: 409, codes: ['CANCEL_NOT_ALLOWED'] })`.
 */
export function ApiProblemResponses(
  ...responses: (number | ProblemResponseSpec)[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemSchema, FieldViolationSchema),
    ...responses.map((response) => {
      const spec = typeof response === 'number' ? { status: response } : response;
      return ApiResponse({
        status: spec.status,
        description: describe(spec),
        content: {
          [PROBLEM_MEDIA_TYPE]: {
            schema: { $ref: getSchemaPath(ProblemSchema) },
          },
        },
      });
    }),
  );
}

function describe(spec: ProblemResponseSpec): string {
  const base = spec.description ?? problemForStatus(spec.status).fields.title;
  return spec.codes === undefined || spec.codes.length === 0
    ? base
    : `${base} (code: ${spec.codes.join(', ')})`;
}
