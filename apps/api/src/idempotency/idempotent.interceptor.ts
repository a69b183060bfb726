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
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyTicket, requestFingerprint } from '@lib/commands';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import { actorOf } from '../http/auth/actor';
import { attachIdempotencyTicket } from '../http/command-meta';
import { idempotencyKeyOf, IDEMPOTENCY_KEY_HEADER } from '../http/idempotency-key.decorator';

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Makes a state-changing route idempotent (DESIGN.md §5, docs/adr/0011). The key costs no commit
 * of its own: the request's ticket (its key and fingerprint) rides in the command's metadata, the
 * events it appends carry it, and the command loop finds a first attempt in the stream it loads
 * anyway. A success is replayed (with `Idempotent-Replayed: true`); a refusal, a 202 or a PG
 * failure is decided again; the same key with another request is 422.
 */
export function Idempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata('idempotent', true),
    UseInterceptors(IdempotentInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: true,
      description:
        'Unique per attempted action. A retry with the same key and body returns the first ' +
        `success (with \`${REPLAYED_HEADER}: true\`); a refusal or an answer still open (202) is ` +
        'decided again; the same key with another body is refused (422).',
    }),
  );
}

@Injectable()
export class IdempotentInterceptor implements NestInterceptor {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

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
    const fingerprint = requestFingerprint(
      this.config.requestFingerprintSecret,
      request.method,
      request.url,
      request.body,
    );
    const ticket = IdempotencyTicket.of(scope, key, fingerprint);
    attachIdempotencyTicket(request, ticket);
    const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, {
      defaultValue: undefined,
    });
    if (ticket.replayed !== null) void reply.header(REPLAYED_HEADER, 'true');
    return body;
  }
}
