import {
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { ReadModels } from '@lib/projections';

/** Set (to `true`) when the read models did not catch up in time and the answer may lag the log. */
export const STALE_READ_HEADER = 'X-Read-Model-Stale';

/**
 * Before the route reads the read models, waits (bounded) until they hold every event the log held
 * when the request arrived: a client sees the effect of a command it already got an answer for.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(private readonly readModels: ReadModels) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.readModels.catchUpWithLog()).pipe(
      switchMap((current) => {
        // A slow projection must not turn a read into a 5xx: answer what is there, and say so.
        if (!current) void reply.header(STALE_READ_HEADER, 'true');
        return next.handle() as Observable<unknown>;
      }),
    );
  }
}

export function ReadYourWrites(): MethodDecorator & ClassDecorator {
  return UseInterceptors(ReadYourWritesInterceptor);
}

/** OpenAPI `headers` of a read route's success answer. */
export const STALE_READ_RESPONSE_HEADERS = {
  [STALE_READ_HEADER]: {
    description:
      '`true` when the read models had not reached the end of the log within 2 s: the answer may ' +
      'then miss the latest writes.',
    schema: { type: 'string', enum: ['true'] },
  },
};
