/**
 * The guest look-up lock-out (R15) as a tiny event-sourced aggregate, one stream per phone key
 * (`guest-lookup-<phoneKey>`), so every replica and every restart sees the same count through the
 * event store's optimistic concurrency (DESIGN.md §5), never through a per-process table.
 *
 * Invariants:
 * - after MAX consecutive failures the look-up is locked for LOCK minutes from the last of them;
 * - while locked, every attempt is refused, with the right password or not, and records nothing:
 *   a correct guess made during the lock reveals nothing;
 * - a success (while not locked) resets the count;
 * - once a lock has run out, counting starts again from zero.
 * The stream holds no phone number and no password: the phone key is an opaque keyed hash.
 */
import { DateTime } from 'luxon';
import { isoInstant } from '@lib/ledger';

export const GUEST_LOOKUP_LIMITS = { maxConsecutiveFailures: 5, lockMinutes: 15 } as const;

export const GUEST_LOOKUP_STREAM_PREFIX = 'guest-lookup-';

export type GuestLookupEvent =
  | {
      readonly type: 'GuestLookupFailed';
      readonly data: {
        readonly failedAt: string;
        /** Failures in a row, this one included. */
        readonly consecutiveFailures: number;
        /** Set when this failure locks the look-up. */
        readonly lockedUntil: string | null;
      };
    }
  | { readonly type: 'GuestLookupSucceeded'; readonly data: { readonly succeededAt: string } };

export const GUEST_LOOKUP_EVENT_SCHEMA_VERSION = 1;

export interface GuestLookupState {
  readonly consecutiveFailures: number;
  readonly lockedUntil: string | null;
}

export const initialGuestLookupState: GuestLookupState = {
  consecutiveFailures: 0,
  lockedUntil: null,
};

export function evolveGuestLookup(
  _state: GuestLookupState,
  event: GuestLookupEvent,
): GuestLookupState {
  switch (event.type) {
    case 'GuestLookupFailed':
      return {
        consecutiveFailures: event.data.consecutiveFailures,
        lockedUntil: event.data.lockedUntil,
      };
    case 'GuestLookupSucceeded':
      return initialGuestLookupState;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown guest look-up event ${JSON.stringify(unknown)}`);
    }
  }
}

export type GuestLookupGate =
  { readonly kind: 'open' } | { readonly kind: 'locked'; readonly retryAfter: string };

/** Whether a look-up may be tried at `now` (checked before the slow password hashes are run). */
export function guestLookupGate(state: GuestLookupState, now: DateTime): GuestLookupGate {
  const { lockedUntil } = state;
  if (lockedUntil !== null && DateTime.fromISO(lockedUntil) > now) {
    return { kind: 'locked', retryAfter: lockedUntil };
  }
  return { kind: 'open' };
}

export type GuestLookupOutcome =
  | { readonly kind: 'granted' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'locked'; readonly retryAfter: string };

/**
 * Records the result of one attempt whose password was checked against the guest's hashes. Run on
 * the stream's current state (the command loop re-runs it after a concurrent write), so a success
 * is granted only if no lock was recorded meanwhile.
 */
export function decideGuestLookup(
  state: GuestLookupState,
  attempt: { readonly passwordMatched: boolean; readonly now: DateTime },
): { events: GuestLookupEvent[]; result: GuestLookupOutcome } {
  const gate = guestLookupGate(state, attempt.now);
  if (gate.kind === 'locked') return { events: [], result: gate };
  const at = isoInstant(attempt.now);
  // A lock that has run out wipes the slate: the guest gets a full set of attempts again.
  const failuresSoFar = state.lockedUntil === null ? state.consecutiveFailures : 0;
  if (attempt.passwordMatched) {
    const events: GuestLookupEvent[] =
      failuresSoFar === 0 && state.lockedUntil === null
        ? [] // nothing to reset: a look-up that changes nothing appends nothing
        : [{ type: 'GuestLookupSucceeded', data: { succeededAt: at } }];
    return { events, result: { kind: 'granted' } };
  }
  const consecutiveFailures = failuresSoFar + 1;
  const locks = consecutiveFailures >= GUEST_LOOKUP_LIMITS.maxConsecutiveFailures;
  const lockedUntil = locks
    ? isoInstant(attempt.now.plus({ minutes: GUEST_LOOKUP_LIMITS.lockMinutes }))
    : null;
  return {
    events: [
      { type: 'GuestLookupFailed', data: { failedAt: at, consecutiveFailures, lockedUntil } },
    ],
    result: { kind: 'denied' },
  };
}
