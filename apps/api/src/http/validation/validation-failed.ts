import type { FieldViolation } from '../problem/problem';
import { httpProblem } from '../problem/problem-catalog';
import type { ProblemException } from '../problem/problem.exception';
import { VIOLATIONS_LISTED_MAX } from './field-violations';

/** The 400 VALIDATION_FAILED problem, listing (at most the first 50 of) the violations. */
export function validationFailed(violations: readonly FieldViolation[]): ProblemException {
  const listed = violations.slice(0, VIOLATIONS_LISTED_MAX);
  const detail =
    listed.length < violations.length
      ? `Showing the first ${listed.length} of ${violations.length} violations.`
      : undefined;
  return httpProblem('VALIDATION_FAILED', { errors: listed, ...(detail ? { detail } : {}) });
}
