import { Inject, Injectable } from '@nestjs/common';
import {
  AggregateStreams,
  LedgerContext,
  SerialByKey,
  type CommandMeta,
  type LoadedStream,
} from '@lib/commands';
import { EVENT_STORE, type EventStore, type NO_STREAM, type Position } from '@lib/event-store';
import {
  decideSettlement,
  settlementStreamId,
  type BusinessDate,
  type SettlementCommand,
  type SettlementDayState,
  type SettlementEvent,
  type SettlementRefusal,
  settlementDecider,
} from '@lib/ledger';
import { LIMITS } from '@lib/limits';

export type LoadedSettlementDay = LoadedStream<SettlementDayState>;

export interface DecidedSettlementDay {
  readonly state: SettlementDayState;
  readonly refusal: SettlementRefusal | undefined;
}

/** Loads a KST day's settlement stream and runs settlement commands through the one command loop. */
@Injectable()
export class SettlementDays {
  private readonly turns = new SerialByKey();
  private readonly streams: AggregateStreams<SettlementDayState, SettlementEvent>;

  constructor(@Inject(EVENT_STORE) store: EventStore, ledger: LedgerContext) {
    this.streams = new AggregateStreams(
      store,
      ledger,
      settlementDecider,
      LIMITS.commands.settlementAttempts,
    );
  }

  load(date: BusinessDate): Promise<LoadedSettlementDay> {
    return this.streams.load(settlementStreamId(date));
  }

  /**
   * Decides on the current state and appends with the expected revision, retrying on conflict.
   * Commands of one day from this process take turns; other replicas are met by the retries.
   */
  run(command: SettlementCommand, meta: CommandMeta): Promise<DecidedSettlementDay> {
    return this.turns.run(command.data.date, async () => {
      const { state, decision } = await this.streams.run(
        settlementStreamId(command.data.date),
        (current, ctx) => decideSettlement(command, current, ctx),
        meta,
      );
      return { state, refusal: decision.refusal };
    });
  }

  /**
   * Appends `events` only if the stream is still at `revision` (the state they were decided on);
   * throws WrongExpectedVersionError otherwise. The close uses it: its report is only true for the
   * stream as it read it.
   */
  appendAt(
    date: BusinessDate,
    events: readonly SettlementEvent[],
    revision: bigint | typeof NO_STREAM,
    meta: CommandMeta,
  ): Promise<Position> {
    return this.streams.appendAt(settlementStreamId(date), events, revision, meta);
  }
}
