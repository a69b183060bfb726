/**
 * The state of one day's settlement and `evolve` (R18, R19). Invariants, asserted on every event
 * (a stream that breaks one is a bug, not a refusal):
 * - every event names the same day;
 * - OPEN → CLOSING (SettlementCloseStarted, once) → CLOSED (SettlementClosed, once); nothing
 *   follows SettlementClosed;
 * - a reservation is taken only while OPEN, with a fresh id; a release ends an open reservation.
 */
import { assertNever, invariant } from '../assert';
import type { BusinessDate, IsoInstant } from '../business-time';
import type { SettlementClosed, SettlementEvent } from './settlement.events';

export type SettlementPhase = 'OPEN' | 'CLOSING' | 'CLOSED';

export interface CancellationReservation {
  readonly reservationId: string;
  readonly paymentId: string;
  readonly reservedAt: IsoInstant;
  readonly leaseUntil: IsoInstant;
}

export interface SettlementDayState {
  /** null until the first event. */
  readonly date: BusinessDate | null;
  readonly phase: SettlementPhase;
  /** Reservations not released yet; some may have lapsed (see `leaseUntil`). */
  readonly openReservations: readonly CancellationReservation[];
  /** Every reservation id the stream has seen, so a retried reservation is recognised. */
  readonly reservationIds: readonly string[];
  readonly closed: SettlementClosed['data'] | null;
}

export const initialSettlementState: SettlementDayState = Object.freeze({
  date: null,
  phase: 'OPEN',
  openReservations: [],
  reservationIds: [],
  closed: null,
});

export function evolveSettlement(
  state: SettlementDayState,
  event: SettlementEvent,
): SettlementDayState {
  invariant(
    state.date === null || state.date === event.data.date,
    `${event.type} of ${event.data.date} in the settlement of ${String(state.date)}`,
  );
  invariant(state.phase !== 'CLOSED', `${event.type} after the settlement of ${state.date} closed`);
  const date = event.data.date;
  switch (event.type) {
    case 'SettlementCancellationReserved': {
      const { reservationId, paymentId, reservedAt, leaseUntil } = event.data;
      invariant(state.phase === 'OPEN', `A reservation after the close of ${date} started`);
      invariant(
        !state.reservationIds.includes(reservationId),
        `Reservation ${reservationId} twice`,
      );
      return {
        ...state,
        date,
        openReservations: [
          ...state.openReservations,
          { reservationId, paymentId, reservedAt, leaseUntil },
        ],
        reservationIds: [...state.reservationIds, reservationId],
      };
    }
    case 'SettlementCancellationReleased': {
      const { reservationId } = event.data;
      invariant(
        state.openReservations.some((open) => open.reservationId === reservationId),
        `Release of ${reservationId}, which is not an open reservation`,
      );
      return {
        ...state,
        date,
        openReservations: state.openReservations.filter(
          (open) => open.reservationId !== reservationId,
        ),
      };
    }
    case 'SettlementCloseStarted':
      invariant(state.phase === 'OPEN', `The close of ${date} started twice`);
      return { ...state, date, phase: 'CLOSING' };
    case 'SettlementClosed':
      invariant(state.phase === 'CLOSING', `${date} closed without a start`);
      invariant(event.data.report.date === date, 'A settlement closed with another day’s report');
      return { ...state, date, phase: 'CLOSED', closed: event.data };
    default:
      return assertNever(event, 'settlement event');
  }
}
