import { Inject, Injectable } from '@nestjs/common';
import {
  AggregateStreams,
  ConcurrencyRetriesExhaustedError,
  LedgerContext,
  type CommandMeta,
} from '@lib/commands';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import {
  GUEST_LOOKUP_STREAM_PREFIX,
  decideGuestLookup,
  guestLookupLockedUntil,
  type GuestLookupEvent,
  type GuestLookupRefusal,
  type GuestLookupState,
  type IsoInstant,
  guestLookupDecider,
} from '@lib/ledger';
import { LIMITS } from '@lib/limits';

/** What `record` answers: granted, refused, or busy (the phone's stream stayed contended). */
export type GuestLookupOutcome =
  | { readonly kind: 'granted' }
  | { readonly kind: 'refused'; readonly refusal: GuestLookupRefusal }
  | { readonly kind: 'busy' };

/** The lock-out of one phone key, kept in the event store (R15, libs/ledger guest-lookup). */
@Injectable()
export class GuestLookupLock {
  private readonly streams: AggregateStreams<GuestLookupState, GuestLookupEvent>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly ledger: LedgerContext,
  ) {
    this.streams = new AggregateStreams(
      store,
      ledger,
      guestLookupDecider,
      LIMITS.commands.guestLookupAttempts,
    );
  }

  static streamIdFor(phoneKey: string): string {
    return `${GUEST_LOOKUP_STREAM_PREFIX}${phoneKey}`;
  }

  /** A cheap early look, so a locked phone costs no password hashing: until when it is locked. */
  async lockedUntil(phoneKey: string): Promise<IsoInstant | null> {
    const { state } = await this.streams.load(GuestLookupLock.streamIdFor(phoneKey));
    return guestLookupLockedUntil(state, this.ledger.now());
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
  ): Promise<GuestLookupOutcome> {
    try {
      const { decision } = await this.streams.run(
        GuestLookupLock.streamIdFor(phoneKey),
        (state, ctx) =>
          decideGuestLookup({ type: 'RecordGuestLookup', data: { passwordMatched } }, state, ctx),
        meta,
      );
      return decision.refusal === undefined
        ? { kind: 'granted' }
        : { kind: 'refused', refusal: decision.refusal };
    } catch (error) {
      // A flood of parallel attempts on one phone: the answer must not reveal whether this one
      // was right, so it is neither granted nor denied.
      if (error instanceof ConcurrencyRetriesExhaustedError) return { kind: 'busy' };
      throw error;
    }
  }
}
