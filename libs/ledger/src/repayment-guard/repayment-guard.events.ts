import type { IsoInstant } from '../business-time';
import type { RepaymentOutcome } from './repayment-guard.commands';

/** Events of the repayment guard stream `repayment-<originalPaymentId>` (R12); plain JSON data. */
export type RepaymentGuardEvent = RepaymentHeld | RepaymentReleased;

export type RepaymentGuardEventType = RepaymentGuardEvent['type'];

export const REPAYMENT_GUARD_EVENT_SCHEMA_VERSIONS = {
  RepaymentHeld: 1,
  RepaymentReleased: 1,
} as const satisfies Record<RepaymentGuardEventType, number>;

/** A repayment of this original is pending until `holdUntil` (exclusive) at the latest. */
export interface RepaymentHeld {
  readonly type: 'RepaymentHeld';
  readonly data: {
    readonly originalPaymentId: string;
    readonly repaymentId: string;
    readonly heldAt: IsoInstant;
    readonly holdUntil: IsoInstant;
  };
}

/** The held repayment ended before the deadline; another repayment may be requested at once. */
export interface RepaymentReleased {
  readonly type: 'RepaymentReleased';
  readonly data: {
    readonly originalPaymentId: string;
    readonly repaymentId: string;
    readonly releasedAt: IsoInstant;
    readonly outcome: RepaymentOutcome;
  };
}
