import type { IsoInstant } from '../business-time';
import type { PendingTransferOutcome } from './payer-guard.commands';

/** Events of the payer guard stream `payer-<payerKey>` (R6); data is plain JSON. */
export type PayerGuardEvent = PendingTransferHeld | PendingTransferReleased;

export type PayerGuardEventType = PayerGuardEvent['type'];

export const PAYER_GUARD_EVENT_SCHEMA_VERSIONS = {
  PendingTransferHeld: 1,
  PendingTransferReleased: 1,
} as const satisfies Record<PayerGuardEventType, number>;

/** A bank transfer of this payer is pending until `holdUntil` (exclusive) at the latest. */
export interface PendingTransferHeld {
  readonly type: 'PendingTransferHeld';
  readonly data: {
    readonly payerKey: string;
    readonly paymentId: string;
    readonly heldAt: IsoInstant;
    readonly holdUntil: IsoInstant;
  };
}

/** The held transfer ended before its deadline; the payer may request a new one at once. */
export interface PendingTransferReleased {
  readonly type: 'PendingTransferReleased';
  readonly data: {
    readonly payerKey: string;
    readonly paymentId: string;
    readonly releasedAt: IsoInstant;
    readonly outcome: PendingTransferOutcome;
  };
}
