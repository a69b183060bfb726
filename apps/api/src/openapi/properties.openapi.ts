import type { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, getSchemaPath, type SchemaObject } from '@nestjs/swagger';

/** An instant: ISO 8601 with an offset (RFC 3339 `date-time`), as every answer writes them. */
export const INSTANT = { type: 'string', format: 'date-time' } as const;

/** An instant, or `null` while the thing has not happened. */
export const INSTANT_OR_NULL = { ...INSTANT, nullable: true } as const;

/** A KST business day, `yyyy-MM-dd`. */
export const BUSINESS_DATE = { type: 'string', format: 'date', example: '2026-12-01' } as const;

/** An amount of KRW: always a whole number. */
export const KRW = { type: 'integer' } as const;

/** How many of something. */
export const COUNT = { type: 'integer', minimum: 0 } as const;

/**
 * The OpenAPI 3.0 schema that admits `null` and nothing else. 3.0 has no `null` type: `nullable`
 * adds null to the `type` of its own object only (3.0.3), and the `enum` must list it.
 */
export const NULL_ONLY: SchemaObject = { type: 'object', nullable: true, enum: [null] };

/**
 * A property that holds a `model` or `null`, e.g. a payment's `failure`. `nullable: true` beside
 * the `allOf: [{ $ref }]` that `@ApiProperty({ nullable: true, type: Model })` emits does not
 * reach into the referenced schema, so documents written that way refuse the `null` the answers
 * carry (issue 14); `oneOf` the model or {@link NULL_ONLY} says what they carry, and code
 * generators read it as `Model | null`.
 */
export function ApiNullableModel(
  model: Type<unknown>,
  options: { readonly description?: string } = {},
): PropertyDecorator {
  return (target, key) => {
    ApiExtraModels(model)(target.constructor);
    ApiProperty({ ...options, oneOf: [{ $ref: getSchemaPath(model) }, NULL_ONLY] })(target, key);
  };
}
