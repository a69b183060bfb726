import {
  Inject,
  Injectable,
  SetMetadata,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import type { JsonValue } from '@lib/event-store';
import { actorOf } from '../http/auth/actor';
import { idempotencyKeyOf, IDEMPOTENCY_KEY_HEADER } from '../http/idempotency-key.decorator';
import { ProblemException } from '../http/problem/problem.exception';
import type { ProblemFields } from '../http/problem/problem';
import { IdempotencyService, type IdempotencyTicket } from './idempotency.service';
import { requestFingerprint } from './request-fingerprint';
import type { StoredBody } from './idempotency.decider';

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Makes a state-changing route idempotent (DESIGN.md §5, docs/adr/0003): the first request with a
 * key runs; a retry with the same key and body gets the first answer (success or refusal) and runs
 * nothing; the same key with another body is refused (422).
 */
export function Idempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata('idempotent', true),
    UseInterceptors(IdempotentInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: true,
      description:
        'Unique per attempted action. A retry with the same key and body returns the first answer ' +
        `(with \`${REPLAYED_HEADER}: true\`); the same key with another body is refused (422).`,
    }),
  );
}

/**
 * Refusals that settle a key for good. Anything else frees it for a retry: 400s (the caller fixes
 * the body), 5xx and PG failures, and refusals that name a time to retry (`retryAfter`, e.g.
 * PENDING_TRANSFER_EXISTS): replaying those past that time would refuse forever.
 */
function settlesKey(error: ProblemException): boolean {
  const status = error.getStatus();
  return (
    (status === 404 || status === 409 || status === 422) && error.problem.retryAfter === undefined
  );
}

@Injectable()
export class IdempotentInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyService,
    private readonly reflector: Reflector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.run(context, next));
  }

  private async run(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    const actor = actorOf(request);
    const scope = actor === undefined ? 'public' : `${actor.role}:${actor.keyId}`;
    const correlationId = randomUUID();
    const ticket: IdempotencyTicket = {
      streamId: IdempotencyService.streamIdFor(scope, key),
      fingerprint: requestFingerprint(
        this.config.guestPhoneKeySecret,
        request.method,
        request.url,
        request.body,
      ),
      attemptId: correlationId,
    };

    const outcome = await this.keys.begin(ticket, correlationId);
    switch (outcome.kind) {
      case 'mismatch':
        throw new ProblemException(422, {
          code: 'IDEMPOTENCY_KEY_REUSED',
          title: 'Idempotency key reused with a different request',
          message: '같은 Idempotency-Key로 다른 요청을 보낼 수 없습니다. 새 키를 사용해 주세요.',
        });
      case 'in-progress':
        throw new ProblemException(409, {
          code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
          title: 'A request with this idempotency key is still running',
          message: '같은 요청을 처리하고 있습니다. 잠시 후 다시 시도해 주세요.',
          retryAfter: outcome.retryAfter,
        });
      case 'replay':
        void reply.header(REPLAYED_HEADER, 'true');
        if (outcome.status >= 400) {
          throw new ProblemException(outcome.status, outcome.body as unknown as ProblemFields);
        }
        return outcome.body;
      case 'run':
        break;
      default: {
        const unknown: never = outcome;
        throw new Error(`Unknown idempotency outcome ${JSON.stringify(unknown)}`);
      }
    }

    try {
      const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, {
        defaultValue: undefined,
      });
      // Nest applies the route's status after interceptors: read what it will be.
      const status =
        this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
        (request.method === 'POST' ? 201 : 200);
      await this.keys.complete(ticket, correlationId, status, toStoredBody(body));
      return body;
    } catch (error) {
      if (error instanceof ProblemException && settlesKey(error)) {
        await this.keys.complete(
          ticket,
          correlationId,
          error.getStatus(),
          toStoredBody(error.problem),
        );
      } else {
        await this.keys.release(ticket, correlationId);
      }
      throw error;
    }
  }
}

function toStoredBody(body: unknown): StoredBody {
  // Round-trip through JSON: what is stored is exactly what was sent.
  const json = JSON.parse(JSON.stringify(body ?? {})) as JsonValue;
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? json : { value: json };
}
