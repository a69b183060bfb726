import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CommandMeta, IdempotencyTicket } from '@lib/commands';
import { actorOf } from './auth/actor';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requestIds = new WeakMap<object, string>();
const tickets = new WeakMap<object, IdempotencyTicket>();

/** The request's Idempotency-Key, for the commands it gives (the Idempotent() interceptor). */
export function attachIdempotencyTicket(request: object, ticket: IdempotencyTicket): void {
  tickets.set(request, ticket);
}

/**
 * One id per HTTP request, the same wherever it is asked for: Fastify's own (a UUID, see
 * fastifyServerOptions' genReqId), which its logger writes as `reqId` on the request's lines.
 */
export function requestIdOf(request: object): string {
  const fastifyId = (request as { readonly id?: unknown }).id;
  if (typeof fastifyId === 'string' && fastifyId !== '') return fastifyId;
  let id = requestIds.get(request);
  if (id === undefined) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** The request's `X-Correlation-Id` when it is a well-formed one, else its request id. */
export function correlationIdOf(request: FastifyRequest): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : requestIdOf(request);
}

/** Who asks and in answer to what, for every command an HTTP request gives (DESIGN.md §4). */
export function commandMetaOf(request: FastifyRequest): CommandMeta {
  const actor = actorOf(request);
  if (actor === undefined) {
    throw new Error('A command arrived on a route without authentication');
  }
  const ticket = tickets.get(request);
  return {
    actor: { role: actor.role, id: actor.keyId },
    correlationId: correlationIdOf(request),
    causationId: requestIdOf(request),
    ...(ticket === undefined ? {} : { idempotency: ticket }),
  };
}
