import { Inject, Injectable } from '@nestjs/common';
import { NO_STREAM, type EventStore, type JsonValue, type Position } from '@lib/event-store';
import { handleCommand, loadState } from '@lib/event-store/command/handle-command';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import {
  PAYMENT_EVENT_SCHEMA_VERSIONS,
  decide,
  evolve,
  initialState,
  paymentStreamId,
  type PaymentCommand,
  type PaymentDecision,
  type PaymentEvent,
  type PaymentState,
} from '@lib/ledger';
import type { CommandMeta } from './command-meta';
import { LedgerContext } from './ledger-context.service';
import { refusalProblem } from './refusal.problem';

const paymentEvolver = { initialState, evolve };

export interface PaymentOutcome {
  readonly state: PaymentState;
  readonly decision: PaymentDecision;
  /** Where the last appended event landed in `$all`, if anything was appended. */
  readonly position: Position | undefined;
}

/** Loads payments and runs payment commands through the one command loop. */
@Injectable()
export class PaymentStore {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: LedgerContext,
  ) {}

  async load(paymentId: string): Promise<PaymentState> {
    return (await loadState(this.store, paymentStreamId(paymentId), paymentEvolver)).state;
  }

  /**
   * Decides `command` on the payment's current state and appends what it decided. A refusal is
   * thrown as its problem AFTER its events are appended: a refused PG approval still fails the
   * payment (R3, R3a), and a refused cancellation at the PG is still recorded (R13).
   */
  async run(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
  ): Promise<PaymentOutcome> {
    const outcome = await this.decideAndAppend(paymentId, command, meta);
    if (outcome.decision.refusal !== undefined) throw refusalProblem(outcome.decision.refusal);
    return outcome;
  }

  /** As `run`, but hands a refusal back instead of throwing it. */
  async decideAndAppend(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
    options: { readonly maxAttempts?: number } = {},
  ): Promise<PaymentOutcome> {
    const ctx = this.ledger.decisionContext(meta);
    const handled = await handleCommand(
      this.store,
      paymentStreamId(paymentId),
      paymentEvolver,
      (state: PaymentState) => {
        const decision = decide(command, state, ctx);
        return { events: decision.events, result: decision };
      },
      {
        metadataFor: (event: PaymentEvent) =>
          this.ledger.eventMetadata(meta, PAYMENT_EVENT_SCHEMA_VERSIONS[event.type]),
        ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      },
    );
    return { state: handled.state, decision: handled.result, position: handled.position };
  }

  /** Appends the PaymentRequested of a brand-new payment: the stream must not exist yet. */
  async create(
    event: Extract<PaymentEvent, { type: 'PaymentRequested' }>,
    meta: CommandMeta,
  ): Promise<Position> {
    const result = await this.store.appendToStream(
      paymentStreamId(event.data.paymentId),
      [
        {
          type: event.type,
          data: event.data as unknown as JsonValue,
          metadata: this.ledger.eventMetadata(meta, PAYMENT_EVENT_SCHEMA_VERSIONS[event.type]),
        },
      ],
      { expectedRevision: NO_STREAM },
    );
    return result.position;
  }
}
