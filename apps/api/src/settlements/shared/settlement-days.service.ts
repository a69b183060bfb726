import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, JsonValue, Position } from '@lib/event-store';
import { handleCommand, loadState } from '@lib/event-store/command/handle-command';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import {
  SETTLEMENT_EVENT_SCHEMA_VERSIONS,
  decideSettlement,
  evolveSettlement,
  initialSettlementState,
  settlementStreamId,
  type BusinessDate,
  type SettlementCommand,
  type SettlementDayState,
  type SettlementEvent,
  type SettlementRefusal,
} from '@lib/ledger';
import type { CommandMeta } from '../../payments/shared/command-meta';
import { LedgerContext } from '../../payments/shared/ledger-context.service';
import { SerialByKey } from './serial-by-key';

export const settlementEvolver = { initialState: initialSettlementState, evolve: evolveSettlement };

export interface LoadedSettlementDay {
  readonly state: SettlementDayState;
  /** The stream's revision the state was folded at: the expected revision of the next append. */
  readonly revision: bigint | 'no_stream';
}

export interface DecidedSettlementDay {
  readonly state: SettlementDayState;
  readonly refusal: SettlementRefusal | undefined;
}

/** Loads a KST day's settlement stream and runs settlement commands through the one command loop. */
@Injectable()
export class SettlementDays {
  private readonly turns = new SerialByKey();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: LedgerContext,
  ) {}

  async load(date: BusinessDate): Promise<LoadedSettlementDay> {
    const { state, revision } = await loadState(
      this.store,
      settlementStreamId(date),
      settlementEvolver,
    );
    return { state, revision };
  }

  /**
   * Decides on the current state and appends with the expected revision, retrying on conflict.
   * Commands of one day from this process take turns; other replicas are met by the retries.
   */
  run(command: SettlementCommand, meta: CommandMeta): Promise<DecidedSettlementDay> {
    return this.turns.run(command.data.date, async () => {
      const handled = await handleCommand(
        this.store,
        settlementStreamId(command.data.date),
        settlementEvolver,
        (state: SettlementDayState) => {
          const decision = decideSettlement(command, state, this.ledger.decisionContext(meta));
          return { events: decision.events, result: decision.refusal };
        },
        { metadataFor: (event) => this.metadataOf(event, meta), maxAttempts: 20 },
      );
      return { state: handled.state, refusal: handled.result };
    });
  }

  /**
   * Appends `events` only if the stream is still at `revision` (the state they were decided on);
   * throws WrongExpectedVersionError otherwise. The close uses it: its report is only true for the
   * stream as it read it.
   */
  async appendAt(
    date: BusinessDate,
    events: readonly SettlementEvent[],
    revision: bigint | 'no_stream',
    meta: CommandMeta,
  ): Promise<Position> {
    const appended = await this.store.appendToStream(
      settlementStreamId(date),
      events.map((event) => ({
        type: event.type,
        data: event.data as unknown as JsonValue,
        metadata: this.metadataOf(event, meta),
      })),
      { expectedRevision: revision },
    );
    return appended.position;
  }

  private metadataOf(event: SettlementEvent, meta: CommandMeta) {
    return this.ledger.eventMetadata(meta, SETTLEMENT_EVENT_SCHEMA_VERSIONS[event.type]);
  }
}
