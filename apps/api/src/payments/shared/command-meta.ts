import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Actor as LedgerActor } from '@lib/ledger';
import { actorOf } from '../../http/auth/actor';

/** Who asked and in answer to what: stamped on every event a command appends (DESIGN.md §4). */
export interface CommandMeta {
  readonly actor: LedgerActor;
  /** Ties together everything one business flow causes (from `X-Correlation-Id`, or new). */
  readonly correlationId: string;
  /** The message that caused the events: here, the HTTP request. */
  readonly causationId: string;
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requestIds = new WeakMap<object, string>();

/** One id per HTTP request, the same wherever it is asked for. */
export function requestIdOf(request: object): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

export function commandMetaOf(request: FastifyRequest): CommandMeta {
  const actor = actorOf(request);
  if (actor === undefined) {
    throw new Error('A command arrived on a route without authentication');
  }
  const requestId = requestIdOf(request);
  const header = request.headers['x-correlation-id'];
  return {
    actor: { role: actor.role, id: actor.keyId },
    correlationId: typeof header === 'string' && CORRELATION_ID.test(header) ? header : requestId,
    causationId: requestId,
  };
}

/** A command the system gives itself (sweeps, follow-ups), caused by an earlier event. */
export function systemMetaCausedBy(cause: CommandMeta, by: string): CommandMeta {
  return {
    actor: { role: 'system', id: by },
    correlationId: cause.correlationId,
    causationId: cause.causationId,
  };
}
