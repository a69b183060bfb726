import type { BusinessDate, IsoInstant } from '../business-time';
import type { SettlementReport } from './settlement.report';

/**
 * Events of the day's settlement stream `settlement-<yyyy-mm-dd>` (R18, R19; DESIGN.md §4). Its
 * story: cancellations of that day's payments reserve their place and release it once the PG has
 * answered; after midnight the close starts (no reservation after that), waits for the open ones,
 * and ends with exactly one SettlementClosed. Nothing follows SettlementClosed.
 */
export type SettlementEvent =
  | SettlementCancellationReserved
  | SettlementCancellationReleased
  | SettlementCloseStarted
  | SettlementClosed;

export type SettlementEventType = SettlementEvent['type'];

export const SETTLEMENT_EVENT_SCHEMA_VERSIONS = {
  SettlementCancellationReserved: 1,
  SettlementCancellationReleased: 1,
  SettlementCloseStarted: 1,
  SettlementClosed: 1,
} as const satisfies Record<SettlementEventType, number>;

export function isSettlementEventType(type: string): type is SettlementEventType {
  return Object.prototype.hasOwnProperty.call(SETTLEMENT_EVENT_SCHEMA_VERSIONS, type);
}

/**
 * R19: a cancellation of a payment completed on `date` is about to ask the PG. Until it is
 * released (or its lease ends) the day cannot close, so the close counts its outcome.
 */
export interface SettlementCancellationReserved {
  readonly type: 'SettlementCancellationReserved';
  readonly data: {
    readonly date: BusinessDate;
    readonly reservationId: string;
    readonly paymentId: string;
    readonly reservedAt: IsoInstant;
    readonly leaseUntil: IsoInstant;
  };
}

/** What the cancellation came to, as recorded on the payment before this release. */
export type ReservationOutcome = 'CANCELLED' | 'NOT_CANCELLED' | 'UNKNOWN';

export interface SettlementCancellationReleased {
  readonly type: 'SettlementCancellationReleased';
  readonly data: {
    readonly date: BusinessDate;
    readonly reservationId: string;
    readonly paymentId: string;
    readonly releasedAt: IsoInstant;
    readonly outcome: ReservationOutcome;
  };
}

/** The close has begun: from here on no cancellation of the day may start (R19). */
export interface SettlementCloseStarted {
  readonly type: 'SettlementCloseStarted';
  readonly data: { readonly date: BusinessDate; readonly startedAt: IsoInstant };
}

/** A reservation whose lease ended without a release; its outcome is whatever the log holds. */
export interface AbandonedReservation {
  readonly reservationId: string;
  readonly paymentId: string;
  readonly leaseUntil: IsoInstant;
}

/**
 * Tamper evidence (DESIGN.md §5, docs/audit.md): the Merkle root over the hashes of the events in
 * the log slice from the previous close's cut (exclusive) to this close's cut, in log order, and
 * over the same hashes sorted (`setRoot`, which tells a reordered slice from a changed one).
 */
export interface SealedDigest {
  /**
   * Exclusive start of the slice: the previous seal's cut; "0" for the first close with seals,
   * which also covers every event written before seals existed. Absent in the first seals
   * written, whose slice started at `previousCut`.
   */
  readonly after?: string;
  readonly root: string;
  readonly setRoot: string;
  readonly count: number;
  /** Decimal positions of the first and last event sealed; null for an empty slice. */
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
  /** The hash of the last event sealed; null for an empty slice. */
  readonly lastHash: string | null;
}

/** R18: the day's books, closed once. */
export interface SettlementClosed {
  readonly type: 'SettlementClosed';
  readonly data: {
    readonly date: BusinessDate;
    readonly closedAt: IsoInstant;
    /** The `$all` position (decimal) of the last event the report counted: this close's cut. */
    readonly countedUpToPosition: string;
    /**
     * R24: the previous close's cut ("0" for the first); facts recorded between the two cuts for
     * days already closed are this report's late adjustments. Absent before R24.
     */
    readonly previousCut?: string;
    /** The seal of the log slice (digest.after, countedUpToPosition]. Absent before seals. */
    readonly digest?: SealedDigest;
    readonly report: SettlementReport;
    readonly abandonedReservations: readonly AbandonedReservation[];
  };
}
