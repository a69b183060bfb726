import { HttpException } from '@nestjs/common';
import { isProblemCode, type ProblemFields } from './problem';

export interface ProblemOptions {
  /** Extra response headers, e.g. `WWW-Authenticate` or `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The error behind it, for the log; never sent to the client. */
  readonly cause?: unknown;
}

/**
 * An error answer the application means to give: a refusal mapped from the domain, a validation
 * failure, an authentication failure. The global filter turns it into a problem document; anything
 * else that is thrown is a bug and becomes a logged 500.
 *
 * @example throw new ProblemException(409, { code: 'CANCEL_NOT_ALLOWED', title: 'Cancellation not
 *   allowed', message: '이미 열람된 건은 취소할 수 없습니다', reason: 'ALREADY_VIEWED' });
 */
export class ProblemException extends HttpException {
  readonly problem: ProblemFields;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, problem: ProblemFields, options: ProblemOptions = {}) {
    // Assertions, not answers: a malformed problem is a bug in the thrower and must crash loudly.
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`A problem needs an error status (400-599), not ${status}`);
    }
    if (!isProblemCode(problem.code)) {
      throw new RangeError(`A problem code is UPPER_SNAKE, not "${problem.code}"`);
    }
    super({ ...problem }, status, { cause: options.cause });
    this.problem = problem;
    this.headers = options.headers ?? {};
  }
}

/** `throw new ProblemException(...)` as an expression, for `?? throwProblem(...)` and arrow bodies. */
export function throwProblem(
  status: number,
  problem: ProblemFields,
  options?: ProblemOptions,
): never {
  throw new ProblemException(status, problem, options);
}
