import { randomIds, type IdGenerator } from '@lib/common';
import type { RecordedEvent } from '@lib/event-store';
import type { Actor } from '@lib/ledger';
import type { IdempotencyTicket } from './idempotency';

/** Who asked and in answer to what: stamped on every event a command appends (DESIGN.md §4). */
export interface CommandMeta {
  readonly actor: Actor;
  /** Ties together everything one business flow causes (from `X-Correlation-Id`, or new). */
  readonly correlationId: string;
  /** The message that caused the events: an HTTP request, or an earlier event. */
  readonly causationId: string;
  /**
   * The request's Idempotency-Key (docs/adr/0011), for the commands that answer it. Work a
   * request causes elsewhere (follow-ups, voids) is given a meta without it.
   */
  readonly idempotency?: IdempotencyTicket;
}

/** The metadata of work the service gives itself (a schedule, the test clock's due work). */
export function systemMeta(by: string, ids: IdGenerator = randomIds): CommandMeta {
  const id = ids();
  return { actor: { role: 'system', id: by }, correlationId: id, causationId: id };
}

/** A command the system gives itself (sweeps, follow-ups), caused by an earlier command. */
export function systemMetaCausedBy(cause: CommandMeta, by: string): CommandMeta {
  return {
    actor: { role: 'system', id: by },
    correlationId: cause.correlationId,
    causationId: cause.causationId,
  };
}

/** A command the system gives itself in answer to a recorded event; it shares the event's flow. */
export function systemMetaCausedByEvent(event: RecordedEvent, by: string): CommandMeta {
  const correlationId = event.metadata.correlationId;
  return {
    actor: { role: 'system', id: by },
    correlationId: typeof correlationId === 'string' ? correlationId : event.id,
    causationId: event.id,
  };
}
