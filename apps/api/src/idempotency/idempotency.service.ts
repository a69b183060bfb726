import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@lib/common';
import type { EventStore, JsonObject } from '@lib/event-store';
import { handleCommand } from '@lib/event-store/command/handle-command';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import {
  decideBegin,
  holdsKey,
  evolveIdempotency,
  initialIdempotencyState,
  type BeginOutcome,
  type IdempotencyEvent,
  type IdempotencyState,
  type StoredBody,
} from './idempotency.decider';

const evolver = { initialState: initialIdempotencyState, evolve: evolveIdempotency };

/** How long a started request holds its key before another attempt may take it over. */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

export interface IdempotencyTicket {
  readonly streamId: string;
  readonly fingerprint: string;
  /** This attempt's id (fresh per request): it finishes the key only while it still holds it. */
  readonly attemptId: string;
}

/**
 * Stores idempotency keys durably in the event store (one stream per caller and key), so a retry
 * after a restart, or on another replica, still finds the first answer.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The stream of a key: hashed, so neither a long nor a strange key reaches a stream name. */
  static streamIdFor(scope: string, key: string): string {
    return `idempotency-${createHash('sha256').update(`${scope}\n${key}`).digest('hex')}`;
  }

  async begin(ticket: IdempotencyTicket, correlationId: string): Promise<BeginOutcome> {
    const now = this.clock.now();
    const handled = await handleCommand(
      this.store,
      ticket.streamId,
      evolver,
      (state: IdempotencyState) =>
        decideBegin(state, {
          fingerprint: ticket.fingerprint,
          nowIso: now.toISO()!,
          leaseUntil: now.plus({ seconds: IDEMPOTENCY_LEASE_SECONDS }).toISO()!,
          attemptId: ticket.attemptId,
        }),
      { metadataFor: () => this.metadata(correlationId) },
    );
    return handled.result;
  }

  /** Records the answer; later retries with the same key replay it. */
  async complete(
    ticket: IdempotencyTicket,
    correlationId: string,
    status: number,
    body: StoredBody,
  ): Promise<void> {
    await this.finish(ticket, correlationId, {
      type: 'IdempotentRequestCompleted',
      data: { fingerprint: ticket.fingerprint, status, body },
    });
  }

  /** Frees the key after an outcome the caller may retry (e.g. the PG timed out). */
  async release(ticket: IdempotencyTicket, correlationId: string): Promise<void> {
    await this.finish(ticket, correlationId, {
      type: 'IdempotentRequestReleased',
      data: { fingerprint: ticket.fingerprint },
    });
  }

  private async finish(
    ticket: IdempotencyTicket,
    correlationId: string,
    event: IdempotencyEvent,
  ): Promise<void> {
    await handleCommand(
      this.store,
      ticket.streamId,
      evolver,
      (state: IdempotencyState) => ({
        events: holdsKey(state, ticket.attemptId) ? [event] : [],
        result: undefined,
      }),
      { metadataFor: () => this.metadata(correlationId) },
    );
  }

  private metadata(correlationId: string): JsonObject {
    return {
      correlationId,
      causationId: correlationId,
      actor: { role: 'system', id: 'idempotency' },
      occurredAt: this.clock.now().toISO()!,
      schemaVersion: 1,
    };
  }
}
