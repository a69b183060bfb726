import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@lib/common';
import type { EventStore } from '@lib/event-store';
import {
  ConcurrencyRetriesExhaustedError,
  handleCommand,
  loadState,
} from '@lib/event-store/command/handle-command';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import type { CommandMeta } from '../../payments/shared/command-meta';
import { LedgerContext } from '../../payments/shared/ledger-context.service';
import {
  GUEST_LOOKUP_EVENT_SCHEMA_VERSION,
  GUEST_LOOKUP_STREAM_PREFIX,
  decideGuestLookup,
  evolveGuestLookup,
  guestLookupGate,
  initialGuestLookupState,
  type GuestLookupGate,
  type GuestLookupOutcome,
} from './guest-lookup.decider';

const evolver = { initialState: initialGuestLookupState, evolve: evolveGuestLookup };

/** What `record` answers when the phone's stream stayed contended through every retry. */
export type GuestLookupRecordOutcome = GuestLookupOutcome | { readonly kind: 'busy' };

/** The lock-out of one phone key, kept in the event store (see guest-lookup.decider.ts). */
@Injectable()
export class GuestLookupLock {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ledger: LedgerContext,
  ) {}

  static streamIdFor(phoneKey: string): string {
    return `${GUEST_LOOKUP_STREAM_PREFIX}${phoneKey}`;
  }

  /** A cheap early refusal, so a locked phone costs no password hashing. */
  async gate(phoneKey: string): Promise<GuestLookupGate> {
    const { state } = await loadState(this.store, GuestLookupLock.streamIdFor(phoneKey), evolver);
    return guestLookupGate(state, this.clock.now());
  }

  /**
   * Records a checked attempt with the stream's expected revision. The decision is made again on
   * fresh state after a concurrent write, so parallel guesses cannot outrun the lock: only the
   * attempts recorded before the fifth failure are answered.
   */
  async record(
    phoneKey: string,
    passwordMatched: boolean,
    meta: CommandMeta,
  ): Promise<GuestLookupRecordOutcome> {
    try {
      const handled = await handleCommand(
        this.store,
        GuestLookupLock.streamIdFor(phoneKey),
        evolver,
        (state) => decideGuestLookup(state, { passwordMatched, now: this.clock.now() }),
        {
          metadataFor: () => this.ledger.eventMetadata(meta, GUEST_LOOKUP_EVENT_SCHEMA_VERSION),
          maxAttempts: 10,
        },
      );
      return handled.result;
    } catch (error) {
      // A flood of parallel attempts on one phone: the answer must not reveal whether this one
      // was right, so it is neither granted nor denied.
      if (error instanceof ConcurrencyRetriesExhaustedError) return { kind: 'busy' };
      throw error;
    }
  }
}
