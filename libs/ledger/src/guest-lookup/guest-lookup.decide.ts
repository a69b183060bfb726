/**
 * The guest look-up lock-out (R15) as a tiny decider, one stream per phone key
 * (`guest-lookup-<phoneKey>`), so every replica and every restart sees the same count through the
 * event store's optimistic concurrency (DESIGN.md §5), never through a per-process table.
 *
 * Invariants:
 * - after `maxConsecutiveFailures` failures in a row the look-up is locked for `lockMinutes` from
 *   the last of them;
 * - while locked, every attempt is refused, with the right password or not, and records nothing:
 *   a correct guess made during the lock reveals nothing;
 * - a success (while not locked) resets the count;
 * - once a lock has run out, counting starts again from zero.
 * The stream holds no phone number and no password: the phone key is an opaque keyed hash.
 */
import { LIMITS } from '@lib/limits';
import { invariant } from '../assert';
import { isoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse, type Decider, type Decision } from '../decision';
import {
  guestCredentialsInvalid,
  guestLookupLocked,
  type GuestLookupRefusal,
} from './guest-lookup.errors';
import { GUEST_LOOKUP_EVENT_SCHEMA_VERSIONS, type GuestLookupEvent } from './guest-lookup.events';
import {
  evolveGuestLookup,
  guestLookupLockedUntil,
  initialGuestLookupState,
  type GuestLookupState,
} from './guest-lookup.state';

export const GUEST_LOOKUP_STREAM_PREFIX = 'guest-lookup-';

/** One look-up attempt whose password was checked against the guest's hashes. */
export interface RecordGuestLookup {
  readonly type: 'RecordGuestLookup';
  readonly data: { readonly passwordMatched: boolean };
}

export type GuestLookupDecision = Decision<GuestLookupEvent, GuestLookupRefusal>;

/**
 * Run on the stream's current state (the command loop runs it again after a concurrent write), so
 * a success is granted only if no lock was recorded meanwhile. A wrong password is refused AND
 * recorded, as a refused PG approval fails its payment.
 */
export function decideGuestLookup(
  command: RecordGuestLookup,
  state: GuestLookupState,
  ctx: DecisionContext,
): GuestLookupDecision {
  invariant(command.type === 'RecordGuestLookup', 'Not a guest look-up command');
  const locked = guestLookupLockedUntil(state, ctx.now);
  if (locked !== null) return refuse(guestLookupLocked(locked));
  const at = isoInstant(ctx.now);
  // A lock that has run out wipes the slate: the guest gets a full set of attempts again.
  const failuresSoFar = state.lockedUntil === null ? state.consecutiveFailures : 0;
  if (command.data.passwordMatched) {
    // Nothing to reset: a look-up that changes nothing appends nothing.
    if (failuresSoFar === 0 && state.lockedUntil === null) return accept();
    return accept({ type: 'GuestLookupSucceeded', data: { succeededAt: at } });
  }
  const { maxConsecutiveFailures, lockMinutes } = LIMITS.guestLookup;
  const consecutiveFailures = failuresSoFar + 1;
  const lockedUntil =
    consecutiveFailures >= maxConsecutiveFailures
      ? isoInstant(ctx.now.plus({ minutes: lockMinutes }))
      : null;
  return refuse(guestCredentialsInvalid(), [
    { type: 'GuestLookupFailed', data: { failedAt: at, consecutiveFailures, lockedUntil } },
  ]);
}

export const guestLookupDecider: Decider<
  RecordGuestLookup,
  GuestLookupEvent,
  GuestLookupState,
  GuestLookupDecision
> = {
  initialState: initialGuestLookupState,
  evolve: evolveGuestLookup,
  decide: decideGuestLookup,
  schemaVersions: GUEST_LOOKUP_EVENT_SCHEMA_VERSIONS,
};
