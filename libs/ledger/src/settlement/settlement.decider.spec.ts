import { ctxAt, spec } from '../test/decider-spec';
import { iso } from '../test/payment.fixtures';
import type { SettlementCommand } from './settlement.commands';
import { settlementDecider } from './settlement.decide';
import type { SettlementEvent } from './settlement.events';
import type { SettlementReport } from './settlement.report';
import { EMPTY_LINE, ZERO_TALLY } from './settlement.report';

const settlement = spec(settlementDecider);
const DIGEST = {
  root: 'a'.repeat(64),
  setRoot: 'b'.repeat(64),
  count: 3,
  firstPosition: '8',
  lastPosition: '42',
  lastHash: 'c'.repeat(64),
};
const DAY = '2026-12-01';
const at = (wallClock: string) => ctxAt(wallClock, { actor: { role: 'system', id: 'settlement' } });

const report = (): SettlementReport => ({
  date: DAY,
  completed: { count: 1, amountKrw: 3_000 },
  cancelled: ZERO_TALLY,
  netAmountKrw: 3_000,
  byMethod: {
    CARD: { completed: { count: 1, amountKrw: 3_000 }, cancelled: ZERO_TALLY },
    BANK_TRANSFER: EMPTY_LINE,
  },
  byIssuer: { SHINHAN: { completed: { count: 1, amountKrw: 3_000 }, cancelled: ZERO_TALLY } },
  byBank: {},
});

const reserve = (reservationId = 'res-1', paymentId = 'pay-1'): SettlementCommand => ({
  type: 'ReserveCancellation',
  data: { date: DAY, reservationId, paymentId },
});
const release = (reservationId = 'res-1'): SettlementCommand => ({
  type: 'ReleaseCancellation',
  data: { date: DAY, reservationId, outcome: 'CANCELLED' },
});
const start = (): SettlementCommand => ({ type: 'StartSettlementClose', data: { date: DAY } });
const close = (): SettlementCommand => ({
  type: 'CloseSettlement',
  data: {
    date: DAY,
    report: report(),
    countedUpToPosition: '42',
    previousCut: '7',
    digest: DIGEST,
  },
});

const reserved = (
  when = '2026-12-01T23:59:59.900',
  reservationId = 'res-1',
  leaseUntil = '2026-12-02T00:01:59.900',
): SettlementEvent => ({
  type: 'SettlementCancellationReserved',
  data: {
    date: DAY,
    reservationId,
    paymentId: 'pay-1',
    reservedAt: iso(when),
    leaseUntil: iso(leaseUntil),
  },
});
const released = (when: string, reservationId = 'res-1'): SettlementEvent => ({
  type: 'SettlementCancellationReleased',
  data: {
    date: DAY,
    reservationId,
    paymentId: 'pay-1',
    releasedAt: iso(when),
    outcome: 'CANCELLED',
  },
});
const started = (when = '2026-12-02T00:00'): SettlementEvent => ({
  type: 'SettlementCloseStarted',
  data: { date: DAY, startedAt: iso(when) },
});
const closed = (
  when = '2026-12-02T00:00',
  abandoned: { reservationId: string; paymentId: string; leaseUntil: string }[] = [],
): SettlementEvent => ({
  type: 'SettlementClosed',
  data: {
    date: DAY,
    closedAt: iso(when),
    countedUpToPosition: '42',
    previousCut: '7',
    digest: DIGEST,
    report: report(),
    abandonedReservations: abandoned,
  },
});

describe('R18 a KST day closes once, after midnight KST', () => {
  it('refuses to start the close at 23:59:59.999 of the day itself (DAY_NOT_ENDED)', () => {
    settlement.given().when(start(), at('2026-12-01T23:59:59.999')).thenRefused({
      code: 'DAY_NOT_ENDED',
      date: DAY,
      endsAt: '2026-12-02T00:00:00.000+09:00',
    });
  });

  it('starts the close at exactly 00:00:00 KST of the next day', () => {
    settlement.given().when(start(), at('2026-12-02T00:00')).then([started()]);
  });

  it('closes a started day with the report it is given, its position and the closing instant', () => {
    settlement.given(started()).when(close(), at('2026-12-02T00:00')).then([closed()]);
  });

  it('decides nothing when the close is started again (two workers)', () => {
    settlement.given(started()).when(start(), at('2026-12-02T00:00:01')).thenNothingHappens();
  });

  it('refuses a caller whose clock still says 23:59:59.9, even when another closer started (DAY_NOT_ENDED)', () => {
    settlement
      .given(started())
      .when(start(), at('2026-12-01T23:59:59.900'))
      .thenRefused({ code: 'DAY_NOT_ENDED' });
    settlement
      .given(started())
      .when(close(), at('2026-12-01T23:59:59.900'))
      .thenRefused({ code: 'DAY_NOT_ENDED' });
  });

  it('decides nothing when a closed day is closed again: the first report stands', () => {
    settlement
      .given(started(), closed())
      .when(close(), at('2026-12-03T09:00'))
      .thenNothingHappens();
    settlement
      .given(started(), closed())
      .when(start(), at('2026-12-03T09:00'))
      .thenNothingHappens();
    // A lagging clock gets the closed day's report too: closed is closed.
    settlement
      .given(started(), closed())
      .when(close(), at('2026-12-01T23:59:59.900'))
      .thenNothingHappens();
  });

  it('knows the first report after the close', () => {
    const state = settlement.given(started(), closed()).state();
    expect(state).toMatchObject({ phase: 'CLOSED', closed: { report: report() } });
  });

  it('treats a close without a start as a bug in the command side', () => {
    settlement
      .given()
      .when(close(), at('2026-12-02T00:00'))
      .thenThrows(/only after StartSettlementClose/);
  });

  it('treats a report of another day as a bug', () => {
    const wrong: SettlementCommand = {
      type: 'CloseSettlement',
      data: {
        date: DAY,
        report: { ...report(), date: '2026-11-30' },
        countedUpToPosition: '1',
        previousCut: '0',
        digest: DIGEST,
      },
    };
    settlement
      .given(started())
      .when(wrong, at('2026-12-02T00:00'))
      .thenThrows(/report of 2026-11-30/);
  });
});

describe('R19 a cancellation reserves its place before the PG, and the close waits for it', () => {
  it('reserves for the lease (120 s) while the day is open, even at 23:59:59.9', () => {
    settlement.given().when(reserve(), at('2026-12-01T23:59:59.900')).then([reserved()]);
  });

  it('refuses a reservation once the close has started: SETTLED, even if the caller’s clock still says 23:59', () => {
    settlement
      .given(started())
      .when(reserve(), at('2026-12-01T23:59:59.900'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'SETTLED' });
  });

  it('refuses a reservation on a closed day: SETTLED', () => {
    settlement
      .given(started(), closed())
      .when(reserve(), at('2026-12-02T10:00'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'SETTLED' });
  });

  it('accepts the same reservation retried without recording it twice', () => {
    settlement
      .given(reserved())
      .when(reserve(), at('2026-12-01T23:59:59.950'))
      .thenNothingHappens();
  });

  it('refuses to close while a reservation is open and its lease runs (CANCELLATIONS_PENDING)', () => {
    settlement
      .given(reserved(), started())
      .when(close(), at('2026-12-02T00:00'))
      .thenRefused({
        code: 'CANCELLATIONS_PENDING',
        paymentIds: ['pay-1'],
        retryAfter: '2026-12-02T00:01:59.900+09:00',
      });
  });

  it('closes once the cancellation released its reservation: the report then counts its outcome', () => {
    settlement
      .given(reserved(), started(), released('2026-12-02T00:00:00.300'))
      .when(close(), at('2026-12-02T00:00:00.400'))
      .then([closed('2026-12-02T00:00:00.400')]);
  });

  it('closes after a lapsed lease and names the abandoned reservation', () => {
    settlement
      .given(reserved(), started())
      .when(close(), at('2026-12-02T00:01:59.900'))
      .then([
        closed('2026-12-02T00:01:59.900', [
          {
            reservationId: 'res-1',
            paymentId: 'pay-1',
            leaseUntil: iso('2026-12-02T00:01:59.900'),
          },
        ]),
      ]);
  });

  it('releases an open reservation, after the close started too', () => {
    settlement
      .given(reserved(), started())
      .when(release(), at('2026-12-02T00:00:00.300'))
      .then([released('2026-12-02T00:00:00.300')]);
  });

  it('decides nothing for a release of an unknown or already released reservation', () => {
    settlement.given().when(release(), at('2026-12-01T12:00')).thenNothingHappens();
    settlement
      .given(reserved(), released('2026-12-01T23:59:59.990'))
      .when(release(), at('2026-12-02T00:00'))
      .thenNothingHappens();
  });

  it('appends nothing after the close, not even the late release of an abandoned reservation', () => {
    settlement
      .given(
        reserved(),
        started(),
        closed('2026-12-02T00:02', [
          {
            reservationId: 'res-1',
            paymentId: 'pay-1',
            leaseUntil: iso('2026-12-02T00:01:59.900'),
          },
        ]),
      )
      .when(release(), at('2026-12-02T00:03'))
      .thenNothingHappens();
  });

  it('refuses, as a bug, any event after SettlementClosed when folding', () => {
    expect(() => settlement.given(started(), closed(), reserved()).state()).toThrow(
      /after the settlement of 2026-12-01 closed/,
    );
  });
});
