import { Inject, Injectable } from '@nestjs/common';
import {
  AggregateStreams,
  LedgerContext,
  RefusedError,
  type CommandMeta,
  type IdempotentAppend,
} from '@lib/commands';
import { EVENT_STORE, NO_STREAM, type EventStore, type Position } from '@lib/event-store';
import {
  decide,
  paymentStreamId,
  type PaymentCommand,
  type PaymentDecision,
  type PaymentEvent,
  type PaymentState,
  paymentDecider,
} from '@lib/ledger';

export interface PaymentOutcome {
  readonly state: PaymentState;
  readonly decision: PaymentDecision;
  /** Where the last appended event landed in `$all`, if anything was appended. */
  readonly position: Position | undefined;
  /** True when the request had been answered already: `state` is that answer (docs/adr/0011). */
  readonly replayed: boolean;
}

/** Loads payments and runs payment commands through the one command loop. */
@Injectable()
export class PaymentStore {
  private readonly streams: AggregateStreams<PaymentState, PaymentEvent>;

  constructor(@Inject(EVENT_STORE) store: EventStore, ledger: LedgerContext) {
    this.streams = new AggregateStreams(store, ledger, paymentDecider);
  }

  async load(paymentId: string): Promise<PaymentState> {
    return (await this.streams.load(paymentStreamId(paymentId))).state;
  }

  /**
   * Decides `command` on the payment's current state and appends what it decided. A refusal is
   * thrown AFTER its events are appended: a refused PG approval still fails the payment (R3, R3a),
   * and a refused cancellation at the PG is still recorded (R13).
   */
  async run(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
  ): Promise<PaymentOutcome> {
    const outcome = await this.decideAndAppend(paymentId, command, meta);
    if (outcome.decision.refusal !== undefined) throw new RefusedError(outcome.decision.refusal);
    return outcome;
  }

  /**
   * As `run`, but hands a refusal back instead of throwing it. With `idempotent`, the command
   * answers the request's Idempotency-Key (docs/adr/0011).
   */
  async decideAndAppend(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
    options: { readonly maxAttempts?: number; readonly idempotent?: IdempotentAppend } = {},
  ): Promise<PaymentOutcome> {
    const handled = await this.streams.run(
      paymentStreamId(paymentId),
      (state, ctx) => decide(command, state, ctx),
      meta,
      options,
    );
    return {
      state: handled.state,
      decision: handled.decision,
      position: handled.position,
      replayed: handled.replayed !== undefined,
    };
  }

  /** The payment as the request of `meta` left it, when it was answered already; else null. */
  async replay(paymentId: string, meta: CommandMeta): Promise<PaymentState | null> {
    return (await this.streams.replay(paymentStreamId(paymentId), meta))?.state ?? null;
  }

  /**
   * Appends the PaymentRequested of a brand-new payment, which answers its request: the stream
   * must not exist yet.
   */
  create(
    event: Extract<PaymentEvent, { type: 'PaymentRequested' }>,
    meta: CommandMeta,
  ): Promise<Position> {
    return this.streams.appendAt(paymentStreamId(event.data.paymentId), [event], NO_STREAM, meta, {
      idempotent: 'answers',
    });
  }
}
