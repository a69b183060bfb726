import type { Type } from '@nestjs/common';
import type { FieldViolation } from '../../problem/problem';
import { ProblemException } from '../../problem/problem.exception';
import { createValidationPipe } from '../validation.pipe';

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly violations: readonly FieldViolation[] };

/**
 * Runs a body through the application's own validation pipe, as a request would, for DTO unit
 * tests. The body is cloned first, since the pipe edits what it is given.
 */
export async function validateBody<T>(metatype: Type<T>, body: unknown): Promise<Validated<T>> {
  try {
    const value = (await createValidationPipe().transform(structuredClone(body), {
      type: 'body',
      metatype,
    })) as T;
    return { ok: true, value };
  } catch (error: unknown) {
    if (error instanceof ProblemException) {
      return { ok: false, code: error.problem.code, violations: error.problem.errors ?? [] };
    }
    throw error;
  }
}

/** The fields named by a failed validation, for `expect(fieldsOf(result)).toContain('payer.phone')`. */
export function fieldsOf(result: Validated<unknown>): string[] {
  return result.ok ? [] : result.violations.map((violation) => violation.field);
}
