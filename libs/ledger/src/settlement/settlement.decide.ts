/**
 * decide(command, state, ctx) for one KST day's settlement (R18, R19). Invariants it keeps:
 * - R18: a day closes only once it is over (now ≥ next day 00:00 KST), and exactly once: closing a
 *   closed day, or starting a started close, decides nothing (idempotent).
 * - R19: a cancellation of the day's payments may ask the PG only under a reservation taken while
 *   the day is OPEN; from SettlementCloseStarted on, reservations are refused SETTLED.
 * - R19: the close does not end while a reservation is open and its lease runs: the report must
 *   count what the PG answered. A lapsed reservation is named in SettlementClosed.
 * The command side appends every decision with the expected revision it decided on, so a
 * reservation and the close cannot both win against the same state.
 */
import { assertNever, invariant } from '../assert';
import { isBusinessDate, isoInstant, parseIsoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse, type Decider, type Decision } from '../decision';
import { cancelNotAllowed } from '../payment/payment.errors';
import { isStreamKey } from '../streams';
import { dayEnd, hasDayEnded } from './settlement.calendar';
import type {
  CloseSettlement,
  ReleaseCancellation,
  ReserveCancellation,
  SettlementCommand,
  StartSettlementClose,
} from './settlement.commands';
import {
  cancellationsPending,
  dayNotEnded,
  type CancellationsPending,
  type SettlementRefusal,
} from './settlement.errors';
import { SETTLEMENT_EVENT_SCHEMA_VERSIONS, type SettlementEvent } from './settlement.events';
import { LIMITS } from '@lib/limits';
import {
  evolveSettlement,
  initialSettlementState,
  type CancellationReservation,
  type SettlementDayState,
} from './settlement.state';

export type SettlementDecision = Decision<SettlementEvent, SettlementRefusal>;

export function decideSettlement(
  command: SettlementCommand,
  state: SettlementDayState,
  ctx: DecisionContext,
): SettlementDecision {
  invariant(ctx.now.isValid, 'ctx.now is not a valid instant');
  const { date } = command.data;
  invariant(isBusinessDate(date), `Not a business date: ${JSON.stringify(date)}`);
  invariant(state.date === null || state.date === date, `${date} decided on ${state.date}`);
  switch (command.type) {
    case 'ReserveCancellation':
      return decideReserve(command, state, ctx);
    case 'ReleaseCancellation':
      return decideRelease(command, state, ctx);
    case 'StartSettlementClose':
      return decideStart(command, state, ctx);
    case 'CloseSettlement':
      return decideClose(command, state, ctx);
    default:
      return assertNever(command, 'settlement command');
  }
}

/** Open reservations whose lease still runs at `now`: the close waits for these. */
export function pendingReservations(
  state: SettlementDayState,
  now: DecisionContext['now'],
): CancellationReservation[] {
  return state.openReservations.filter((open) => leaseEnd(open) > now.toMillis());
}

/**
 * CANCELLATIONS_PENDING when the close must still wait at `now` (with the instant by which every
 * pending lease has ended), or null when it may close.
 */
export function cancellationsPendingAt(
  state: SettlementDayState,
  now: DecisionContext['now'],
): CancellationsPending | null {
  const pending = pendingReservations(state, now);
  if (pending.length === 0 || state.date === null) return null;
  const last = pending.reduce((a, b) => (leaseEnd(b) > leaseEnd(a) ? b : a));
  return cancellationsPending(
    state.date,
    pending.map((open) => open.paymentId),
    last.leaseUntil,
  );
}

function decideReserve(
  command: ReserveCancellation,
  state: SettlementDayState,
  ctx: DecisionContext,
): SettlementDecision {
  const { date, reservationId, paymentId } = command.data;
  invariant(isStreamKey(reservationId) && isStreamKey(paymentId), 'Reservation needs ids');
  // The same reservation retried: it stands until released, and the close waits for it.
  if (state.reservationIds.includes(reservationId) && state.phase !== 'CLOSED') return accept();
  if (state.phase !== 'OPEN') return refuse(cancelNotAllowed('SETTLED'));
  return accept({
    type: 'SettlementCancellationReserved',
    data: {
      date,
      reservationId,
      paymentId,
      reservedAt: isoInstant(ctx.now),
      leaseUntil: isoInstant(ctx.now.plus({ seconds: LIMITS.settlement.cancellationLeaseSeconds })),
    },
  });
}

function decideRelease(
  command: ReleaseCancellation,
  state: SettlementDayState,
  ctx: DecisionContext,
): SettlementDecision {
  const { date, reservationId, outcome } = command.data;
  const open = state.openReservations.find((r) => r.reservationId === reservationId);
  // Released already, or the day closed without it (its lease lapsed): nothing left to release.
  if (open === undefined || state.phase === 'CLOSED') return accept();
  return accept({
    type: 'SettlementCancellationReleased',
    data: {
      date,
      reservationId,
      paymentId: open.paymentId,
      releasedAt: isoInstant(ctx.now),
      outcome,
    },
  });
}

function decideStart(
  command: StartSettlementClose,
  state: SettlementDayState,
  ctx: DecisionContext,
): SettlementDecision {
  const { date } = command.data;
  if (state.phase === 'CLOSED') return accept();
  // Checked even when another closer started: this caller's clock may lag (R19: clocks are wrong).
  if (!hasDayEnded(date, ctx.now)) return refuse(dayNotEnded(date, isoInstant(dayEnd(date))));
  if (state.phase === 'CLOSING') return accept();
  return accept({
    type: 'SettlementCloseStarted',
    data: { date, startedAt: isoInstant(ctx.now) },
  });
}

function decideClose(
  command: CloseSettlement,
  state: SettlementDayState,
  ctx: DecisionContext,
): SettlementDecision {
  const { date, report, countedUpToPosition, previousCut, digest } = command.data;
  if (state.phase === 'CLOSED') return accept();
  if (!hasDayEnded(date, ctx.now)) return refuse(dayNotEnded(date, isoInstant(dayEnd(date))));
  invariant(state.phase === 'CLOSING', `Close ${date} only after StartSettlementClose`);
  invariant(report.date === date, `The report of ${report.date} offered to close ${date}`);
  invariant(/^\d+$/.test(countedUpToPosition), 'countedUpToPosition is a decimal position');
  invariant(
    /^\d+$/.test(previousCut) && BigInt(previousCut) <= BigInt(countedUpToPosition),
    'The previous cut is a decimal position at or before this cut',
  );
  const pending = cancellationsPendingAt(state, ctx.now);
  if (pending !== null) return refuse(pending);
  return accept({
    type: 'SettlementClosed',
    data: {
      date,
      closedAt: isoInstant(ctx.now),
      countedUpToPosition,
      previousCut,
      digest,
      report,
      abandonedReservations: state.openReservations.map(
        ({ reservationId, paymentId, leaseUntil }) => ({
          reservationId,
          paymentId,
          leaseUntil,
        }),
      ),
    },
  });
}

function leaseEnd(reservation: CancellationReservation): number {
  const until = parseIsoInstant(reservation.leaseUntil);
  invariant(until !== null, `Reservation ${reservation.reservationId} has no valid lease`);
  return until.toMillis();
}

export const settlementDecider: Decider<
  SettlementCommand,
  SettlementEvent,
  SettlementDayState,
  SettlementDecision
> = {
  initialState: initialSettlementState,
  evolve: evolveSettlement,
  decide: decideSettlement,
  schemaVersions: SETTLEMENT_EVENT_SCHEMA_VERSIONS,
};
