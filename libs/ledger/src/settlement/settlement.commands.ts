import type { BusinessDate } from '../business-time';
import type { ReservationOutcome, SealedDigest } from './settlement.events';
import type { SettlementReport } from './settlement.report';

/** Commands of the day's settlement stream `settlement-<date>` (R18, R19). */
export type SettlementCommand =
  ReserveCancellation | ReleaseCancellation | StartSettlementClose | CloseSettlement;

/** Before the PG is asked to cancel a payment that completed on `date` (R19). */
export interface ReserveCancellation {
  readonly type: 'ReserveCancellation';
  readonly data: {
    readonly date: BusinessDate;
    readonly reservationId: string;
    readonly paymentId: string;
  };
}

/** After the PG's answer has been recorded on the payment (or the attempt gave up). */
export interface ReleaseCancellation {
  readonly type: 'ReleaseCancellation';
  readonly data: {
    readonly date: BusinessDate;
    readonly reservationId: string;
    readonly outcome: ReservationOutcome;
  };
}

/** First step of the close: no cancellation of the day may start after it. */
export interface StartSettlementClose {
  readonly type: 'StartSettlementClose';
  readonly data: { readonly date: BusinessDate };
}

/** Last step: the report the command side counted from `$all` after the stream was quiet. */
export interface CloseSettlement {
  readonly type: 'CloseSettlement';
  readonly data: {
    readonly date: BusinessDate;
    readonly report: SettlementReport;
    readonly countedUpToPosition: string;
    /** R24: the previous day's cut ("0" when it is the first close). */
    readonly previousCut: string;
    /** The seal of the slice (previousCut, countedUpToPosition] (docs/audit.md). */
    readonly digest: SealedDigest;
  };
}
