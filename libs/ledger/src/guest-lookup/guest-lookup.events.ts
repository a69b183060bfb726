import type { IsoInstant } from '../business-time';

/** Events of a phone's look-up stream `guest-lookup-<phoneKey>` (R15); data is plain JSON. */
export type GuestLookupEvent = GuestLookupFailed | GuestLookupSucceeded;

export type GuestLookupEventType = GuestLookupEvent['type'];

export const GUEST_LOOKUP_EVENT_SCHEMA_VERSIONS = {
  GuestLookupFailed: 1,
  GuestLookupSucceeded: 1,
} as const satisfies Record<GuestLookupEventType, number>;

/** A wrong password (or phone) was tried. */
export interface GuestLookupFailed {
  readonly type: 'GuestLookupFailed';
  readonly data: {
    readonly failedAt: IsoInstant;
    /** Failures in a row, this one included. */
    readonly consecutiveFailures: number;
    /** Set when this failure locks the look-up. */
    readonly lockedUntil: IsoInstant | null;
  };
}

/** A right password after failures: the count starts again. */
export interface GuestLookupSucceeded {
  readonly type: 'GuestLookupSucceeded';
  readonly data: { readonly succeededAt: IsoInstant };
}
