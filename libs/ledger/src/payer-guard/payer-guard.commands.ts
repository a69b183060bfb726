import type { IsoInstant } from '../business-time';

/** Commands of the payer guard stream `payer-<payerKey>` (R6). */
export type PayerGuardCommand = HoldPendingTransfer | ReleasePendingTransfer;

/**
 * Before a bank transfer's PaymentRequested is appended: hold the payer's guard until the
 * transfer's own deadline (its `expiresAt`). Build it with `pendingTransferHoldFor`.
 */
export interface HoldPendingTransfer {
  readonly type: 'HoldPendingTransfer';
  readonly data: {
    readonly payerKey: string;
    readonly paymentId: string;
    readonly holdUntil: IsoInstant;
  };
}

/** After the held transfer completed, failed or was cancelled. Build it with `pendingTransferReleaseFor`. */
export interface ReleasePendingTransfer {
  readonly type: 'ReleasePendingTransfer';
  readonly data: {
    readonly paymentId: string;
    readonly outcome: PendingTransferOutcome;
  };
}

export type PendingTransferOutcome = 'COMPLETED' | 'FAILED' | 'CANCELLED';
