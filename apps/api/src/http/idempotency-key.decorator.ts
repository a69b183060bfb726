import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { REQUEST_LIMITS } from './limits';
import { httpProblem } from './problem/problem-catalog';
import { IDEMPOTENCY_KEY } from './validation/patterns';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The `Idempotency-Key` header of a request, checked; the 400 problem if it is missing or malformed. */
export function idempotencyKeyOf(header: string | string[] | undefined): string {
  if (header === undefined) {
    throw httpProblem('IDEMPOTENCY_KEY_REQUIRED');
  }
  // Node joins a repeated header with ", ", which the pattern (no spaces) refuses.
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw httpProblem('IDEMPOTENCY_KEY_INVALID');
  }
  return header;
}

/**
 * The checked `Idempotency-Key` of a state-changing request (DESIGN.md §5), as a handler
 * parameter: `create(@IdempotencyKey() key: string)`. Storing and replaying is the handler's job.
 * It runs after the guard, so an unauthenticated caller learns nothing about the header.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string =>
    idempotencyKeyOf(
      context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'],
    ),
  [
    (target, key) => {
      if (key === undefined) {
        return;
      }
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor !== undefined) {
        ApiHeader({
          name: IDEMPOTENCY_KEY_HEADER,
          required: true,
          description:
            'Unique per attempted action; a retry with the same key returns the first answer. ' +
            `1–${REQUEST_LIMITS.idempotencyKeyCharsMax} visible ASCII characters.`,
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
        })(target, key, descriptor);
      }
    },
  ],
);
