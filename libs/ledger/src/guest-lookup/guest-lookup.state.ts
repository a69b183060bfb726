import type { DateTime } from 'luxon';
import { assertNever } from '../assert';
import { parseIsoInstant, type IsoInstant } from '../business-time';
import type { GuestLookupEvent } from './guest-lookup.events';

export interface GuestLookupState {
  readonly consecutiveFailures: number;
  readonly lockedUntil: IsoInstant | null;
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
    default:
      return assertNever(event, 'guest look-up event');
  }
}

/** Until when the look-up is locked at `now`; null when it may be tried. */
export function guestLookupLockedUntil(state: GuestLookupState, now: DateTime): IsoInstant | null {
  const { lockedUntil } = state;
  if (lockedUntil === null) return null;
  const until = parseIsoInstant(lockedUntil);
  return until !== null && until > now ? lockedUntil : null;
}
