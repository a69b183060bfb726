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
import type { CommandMeta } from '@lib/commands';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import type { JsonValue } from '@lib/event-store';
import { IdempotencyService, requestFingerprint, type IdempotencyTicket } from '@lib/idempotency';
import { assertNever, type StoredBody } from '@lib/ledger';
import { isAccepted } from '../http/accepted';
import { actorOf } from '../http/auth/actor';
import { idempotencyKeyOf, IDEMPOTENCY_KEY_HEADER } from '../http/idempotency-key.decorator';
import type { ProblemFields } from '../http/problem/problem';
import { ProblemException } from '../http/problem/problem.exception';
import { problemOf } from '../http/problem/refusal.problem';

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

    const meta: CommandMeta = {
      actor: { role: 'system', id: 'idempotency' },
      correlationId,
      causationId: correlationId,
    };
    const refusal = await this.keys.begin(ticket, meta);
    switch (refusal?.code) {
      case undefined:
        break; // this attempt holds the key: run the request
      case 'IDEMPOTENCY_KEY_REUSED':
        throw new ProblemException(422, {
          code: refusal.code,
          title: 'Idempotency key reused with a different request',
          message: refusal.message,
        });
      case 'IDEMPOTENCY_REQUEST_IN_PROGRESS':
        throw new ProblemException(409, {
          code: refusal.code,
          title: 'A request with this idempotency key is still running',
          message: refusal.message,
          retryAfter: refusal.retryAfter,
        });
      case 'ALREADY_ANSWERED': {
        const { status, body } = refusal.response;
        void reply.header(REPLAYED_HEADER, 'true');
        if (status >= 400) throw new ProblemException(status, body as unknown as ProblemFields);
        return body;
      }
      default:
        return assertNever(refusal, 'idempotency refusal');
    }

    try {
      const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, {
        defaultValue: undefined,
      });
      if (isAccepted(request)) {
        // 202: the outcome is not known yet; a retry must show where things stand then (§5).
        await this.keys.release(ticket, meta);
        return body;
      }
      // Nest applies the route's status after interceptors: read what it will be.
      const status =
        this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
        (request.method === 'POST' ? 201 : 200);
      await this.keys.complete(ticket, meta, status, toStoredBody(body));
      return body;
    } catch (error) {
      // A refusal of the ledger is answered as its problem: decide here what that answer means.
      const problem = problemOf(error);
      if (problem !== undefined && settlesKey(problem)) {
        await this.keys.complete(ticket, meta, problem.getStatus(), toStoredBody(problem.problem));
      } else {
        await this.keys.release(ticket, meta);
      }
      throw problem ?? error;
    }
  }
}

function toStoredBody(body: unknown): StoredBody {
  // Round-trip through JSON: what is stored is exactly what was sent.
  const json = JSON.parse(JSON.stringify(body ?? {})) as JsonValue;
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? json : { value: json };
}
