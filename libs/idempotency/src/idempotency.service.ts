import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AggregateStreams, LedgerContext, type CommandMeta } from '@lib/commands';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import {
  decideIdempotency,
  type IdempotencyCommand,
  type IdempotencyEvent,
  type IdempotencyRefusal,
  type IdempotencyState,
  type StoredBody,
  idempotencyDecider,
} from '@lib/ledger';

export interface IdempotencyTicket {
  readonly streamId: string;
  readonly fingerprint: string;
  /** This attempt's id (fresh per request): it finishes the key only while it still holds it. */
  readonly attemptId: string;
}

/**
 * Stores idempotency keys durably in the event store (one stream per caller and key), so a retry
 * after a restart, or on another replica, still finds the first answer (docs/adr/0003).
 */
@Injectable()
export class IdempotencyService {
  private readonly streams: AggregateStreams<IdempotencyState, IdempotencyEvent>;

  constructor(@Inject(EVENT_STORE) store: EventStore, ledger: LedgerContext) {
    this.streams = new AggregateStreams(store, ledger, idempotencyDecider);
  }

  /** The stream of a key: hashed, so neither a long nor a strange key reaches a stream name. */
  static streamIdFor(scope: string, key: string): string {
    return `idempotency-${createHash('sha256').update(`${scope}\n${key}`).digest('hex')}`;
  }

  /** Takes the key for this attempt; a refusal says why the request must not run now. */
  async begin(
    ticket: IdempotencyTicket,
    meta: CommandMeta,
  ): Promise<IdempotencyRefusal | undefined> {
    const { fingerprint, attemptId } = ticket;
    const { decision } = await this.run(
      ticket,
      { type: 'BeginIdempotentRequest', data: { fingerprint, attemptId } },
      meta,
    );
    return decision.refusal;
  }

  /** Records the answer; later retries with the same key replay it. */
  async complete(
    ticket: IdempotencyTicket,
    meta: CommandMeta,
    status: number,
    body: StoredBody,
  ): Promise<void> {
    const { fingerprint, attemptId } = ticket;
    await this.run(
      ticket,
      { type: 'CompleteIdempotentRequest', data: { fingerprint, attemptId, status, body } },
      meta,
    );
  }

  /** Frees the key after an outcome the caller may retry (e.g. the PG timed out). */
  async release(ticket: IdempotencyTicket, meta: CommandMeta): Promise<void> {
    const { fingerprint, attemptId } = ticket;
    await this.run(
      ticket,
      { type: 'ReleaseIdempotentRequest', data: { fingerprint, attemptId } },
      meta,
    );
  }

  private run(ticket: IdempotencyTicket, command: IdempotencyCommand, meta: CommandMeta) {
    return this.streams.run(
      ticket.streamId,
      (state, ctx) => decideIdempotency(command, state, ctx),
      meta,
    );
  }
}
