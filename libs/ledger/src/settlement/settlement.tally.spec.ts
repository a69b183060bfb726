import type { PaymentCompleted, PaymentEvent, PaymentInstrument } from '../payment/payment.events';
import {
  card,
  cancelled,
  completed,
  declined,
  requested,
  transfer,
} from '../test/payment.fixtures';
import { daysBetween, hasDayEnded, lastEndedDay, nextBusinessDate } from './settlement.calendar';
import { SettlementTally } from './settlement.tally';
import { kst } from '../test/decider-spec';

const DAY = '2026-12-01';

/** One payment's events, renamed to `paymentId`. */
function payment(
  paymentId: string,
  instrument: PaymentInstrument,
  options: { items?: number; completedAt?: string; cancelledAt?: string; failed?: boolean } = {},
): PaymentEvent[] {
  const items = options.items ?? 3;
  const events: PaymentEvent[] = [
    requested({ paymentId, instrument, items, at: '2026-12-01T00:00' }),
  ];
  if (options.failed === true) {
    const failure = declined();
    events.push({ ...failure, data: { ...failure.data, paymentId } });
    return events;
  }
  if (options.completedAt === undefined) return events;
  const completion = completed({ paymentId, at: options.completedAt, amountKrw: items * 1_000 });
  events.push(completion);
  if (options.cancelledAt !== undefined) {
    const cancellation = cancelled({
      at: options.cancelledAt,
      amountKrw: items * 1_000,
      completedOn: completion.data.completedOn,
    });
    events.push({ ...cancellation, data: { ...cancellation.data, paymentId } });
  }
  return events;
}

function tally(days: string[], ...payments: PaymentEvent[][]): SettlementTally {
  const result = new SettlementTally(days);
  for (const event of payments.flat()) result.add(event);
  return result;
}

describe('R18 the report counts the payments that completed that KST day', () => {
  it('counts completed payments by method, issuer and bank, and nets out the cancelled ones', () => {
    const report = tally(
      [DAY],
      payment('p1', card('SHINHAN'), { items: 3, completedAt: '2026-12-01T10:00' }),
      payment('p2', card('SHINHAN'), {
        items: 2,
        completedAt: '2026-12-01T11:00',
        cancelledAt: '2026-12-01T11:30',
      }),
      payment('p3', card('BC'), { items: 1, completedAt: '2026-12-01T12:00' }),
      payment('p4', transfer('088'), {
        items: 4,
        completedAt: '2026-12-01T13:00',
        cancelledAt: '2026-12-01T23:59:59.999',
      }),
      payment('p5', transfer('004'), { items: 5, completedAt: '2026-12-01T14:00' }),
    ).report(DAY);

    expect(report).toEqual({
      date: DAY,
      completed: { count: 5, amountKrw: 15_000 },
      cancelled: { count: 2, amountKrw: 6_000 },
      netAmountKrw: 9_000,
      lateAdjustments: [],
      lateAdjustmentTotals: {
        completed: { count: 0, amountKrw: 0 },
        cancelled: { count: 0, amountKrw: 0 },
        netAmountKrw: 0,
      },
      byMethod: {
        CARD: {
          completed: { count: 3, amountKrw: 6_000 },
          cancelled: { count: 1, amountKrw: 2_000 },
        },
        BANK_TRANSFER: {
          completed: { count: 2, amountKrw: 9_000 },
          cancelled: { count: 1, amountKrw: 4_000 },
        },
      },
      byIssuer: {
        BC: { completed: { count: 1, amountKrw: 1_000 }, cancelled: { count: 0, amountKrw: 0 } },
        SHINHAN: {
          completed: { count: 2, amountKrw: 5_000 },
          cancelled: { count: 1, amountKrw: 2_000 },
        },
      },
      byBank: {
        '004': { completed: { count: 1, amountKrw: 5_000 }, cancelled: { count: 0, amountKrw: 0 } },
        '088': {
          completed: { count: 1, amountKrw: 4_000 },
          cancelled: { count: 1, amountKrw: 4_000 },
        },
      },
    });
    expect(Object.keys(report.byIssuer)).toEqual(['BC', 'SHINHAN']); // the order of the R1 table
  });

  it('puts a completion at 23:59:59.999 in the day and one at 00:00:00.000 in the next', () => {
    const result = tally(
      [DAY, '2026-12-02'],
      payment('late', card(), { items: 1, completedAt: '2026-12-01T23:59:59.999' }),
      payment('early', card(), { items: 2, completedAt: '2026-12-02T00:00' }),
    );
    expect(result.report(DAY).completed).toEqual({ count: 1, amountKrw: 1_000 });
    expect(result.report('2026-12-02').completed).toEqual({ count: 1, amountKrw: 2_000 });
  });

  it('counts neither requested-only nor failed payments (R4: never charged)', () => {
    const report = tally(
      [DAY],
      payment('waiting', card()),
      payment('declined', card(), { failed: true }),
    ).report(DAY);
    expect(report.completed).toEqual({ count: 0, amountKrw: 0 });
    expect(report.byMethod.CARD.completed.count).toBe(0);
    expect(report.byIssuer).toEqual({});
    expect(report.netAmountKrw).toBe(0);
  });

  it('ignores payments of days it does not tally, and events that are not payment events', () => {
    const result = new SettlementTally([DAY]);
    for (const event of payment('other', card(), {
      completedAt: '2026-11-30T10:00',
      cancelledAt: '2026-11-30T10:05',
    })) {
      result.add(event);
    }
    result.add({ type: 'SettlementClosed', data: {} });
    result.add({ type: 'IdempotentRequestStarted', data: {} });
    expect(result.report(DAY).completed.count).toBe(0);
  });

  it('treats a completion without its request, or a cancellation against another day, as a bug', () => {
    const [, completion] = payment('p1', card(), { completedAt: '2026-12-01T10:00' });
    expect(() => new SettlementTally([DAY]).add(completion!)).toThrow(/without a request/);
    const events = payment('p2', card(), {
      completedAt: '2026-12-01T10:00',
      cancelledAt: '2026-12-01T10:05',
    });
    const wrong = events[2]!;
    const result = tally([DAY, '2026-12-02'], events.slice(0, 2));
    expect(() =>
      result.add({ ...wrong, data: { ...wrong.data, completedOn: '2026-12-02' } }),
    ).toThrow(/did not complete/);
  });
});

describe('R24 a fact recorded after its day closed is a late adjustment of the next report', () => {
  const DAY2 = '2026-12-02';
  const DAY3 = '2026-12-03';

  /** `event` as the log scan hands it over: with its commit position in `$all`. */
  const recordedAt = (commit: number, event: PaymentEvent) => ({
    ...event,
    position: { commit: BigInt(commit) },
  });

  function requestOf(paymentId: string, items: number, at: string): PaymentEvent {
    return requested({ paymentId, instrument: card(), items, at });
  }

  function completionOf(paymentId: string, items: number, at: string): PaymentCompleted {
    return completed({ paymentId, amountKrw: items * 1_000, at });
  }

  function cancellationOf(completion: PaymentCompleted, at: string): PaymentEvent {
    const { paymentId, amountKrw, completedOn } = completion.data;
    const cancellation = cancelled({ at, amountKrw, completedOn });
    return { ...cancellation, data: { ...cancellation.data, paymentId } };
  }

  const inTime = completionOf('p-in-time', 1, '2026-12-01T09:01');
  const refundedInTime = completionOf('p-refunded-in-time', 5, '2026-12-01T09:11');
  const refundedLate = completionOf('p-refunded-late', 3, '2026-12-01T09:21');
  const completedLate = completionOf('p-completed-late', 2, '2026-12-01T23:59:59.999');
  const nextDay = completionOf('p-next-day', 4, '2026-12-02T09:01');
  const dayAfter = completionOf('p-day-after', 6, '2026-12-03T00:00:01');

  /**
   * The log: 2026-12-01 closes with cut 100, 2026-12-02 with cut 150, 2026-12-03 with cut 160.
   * Completions 21,000 KRW, cancellations 12,000 KRW: the log's net is 9,000 KRW.
   */
  const LOG = [
    recordedAt(10, requestOf('p-in-time', 1, '2026-12-01T09:00')),
    recordedAt(20, inTime),
    recordedAt(30, requestOf('p-refunded-in-time', 5, '2026-12-01T09:10')),
    recordedAt(40, refundedInTime),
    recordedAt(50, requestOf('p-refunded-late', 3, '2026-12-01T09:20')),
    recordedAt(60, refundedLate),
    recordedAt(70, requestOf('p-completed-late', 2, '2026-12-01T23:59')),
    // Recorded exactly at the previous cut: the day's own close counted it.
    recordedAt(100, cancellationOf(refundedInTime, '2026-12-01T10:00')),
    // 2026-12-01 closed here (cut 100).
    recordedAt(120, completedLate),
    recordedAt(130, cancellationOf(refundedLate, '2026-12-02T00:10')),
    recordedAt(135, requestOf('p-next-day', 4, '2026-12-02T09:00')),
    recordedAt(140, nextDay),
    recordedAt(145, requestOf('p-day-after', 6, '2026-12-03T00:00')),
    recordedAt(150, dayAfter),
    // 2026-12-02 closed here (cut 150).
    recordedAt(160, cancellationOf(nextDay, '2026-12-03T00:05')),
    // 2026-12-03 closed here (cut 160).
  ];

  const CUTS = new Map<string, bigint>([
    [DAY, 100n],
    [DAY2, 150n],
    [DAY3, 160n],
  ]);

  /** A close of `day` as the closer makes it: the log up to its cut, late facts since `lateAfter`. */
  function close(day: string, lateAfter: bigint, closedBefore: (other: string) => boolean) {
    const cut = CUTS.get(day)!;
    const result = new SettlementTally([day], lateAfter);
    for (const event of LOG.filter(({ position }) => position.commit <= cut)) result.add(event);
    const late = result.lateAdjustments((other) =>
      closedBefore(other) ? (CUTS.get(other) ?? null) : null,
    );
    return { tally: result, late, report: result.report(day, late) };
  }

  /** The close of 2026-12-02: 2026-12-01 is closed (cut 100), 2026-12-03 is not. */
  const closeOfDay2 = () => close(DAY2, 100n, (other) => other === DAY);

  it('counts a completion and a cancellation of the closed day recorded after its cut as late adjustments', () => {
    const { late } = closeOfDay2();
    expect(late).toEqual([
      {
        paymentId: 'p-completed-late',
        type: 'COMPLETED',
        amountKrw: 2_000,
        businessDate: DAY,
        position: '120',
      },
      {
        paymentId: 'p-refunded-late',
        type: 'CANCELLED',
        amountKrw: 3_000,
        businessDate: DAY,
        position: '130',
      },
    ]);
  });

  it('leaves the day’s own lines to its own payments and adds the late net to its netAmount', () => {
    const { report, late } = closeOfDay2();
    expect(report).toMatchObject({
      date: DAY2,
      completed: { count: 1, amountKrw: 4_000 },
      cancelled: { count: 0, amountKrw: 0 },
      lateAdjustments: late,
      lateAdjustmentTotals: {
        completed: { count: 1, amountKrw: 2_000 },
        cancelled: { count: 1, amountKrw: 3_000 },
        netAmountKrw: -1_000,
      },
      netAmountKrw: 4_000 - 1_000,
    });
    expect(report.byMethod.CARD).toEqual({
      completed: { count: 1, amountKrw: 4_000 },
      cancelled: { count: 0, amountKrw: 0 },
    });
  });

  it('does not count a fact recorded before (or at) the previous cut: its own day counted it', () => {
    const { late } = closeOfDay2();
    const latePayments = late.map(({ paymentId }) => paymentId);
    expect(latePayments).not.toContain('p-in-time');
    expect(latePayments).not.toContain('p-refunded-in-time');
    const ownClose = close(DAY, 0n, () => false);
    expect(ownClose.report).toMatchObject({
      completed: { count: 3, amountKrw: 9_000 },
      cancelled: { count: 1, amountKrw: 5_000 },
      lateAdjustments: [],
      netAmountKrw: 4_000,
    });
  });

  it('does not count a fact of a day not closed yet: that day’s own close counts it', () => {
    const { tally: day2, late } = closeOfDay2();
    expect(day2.lateCandidateDays()).toEqual([DAY, DAY3]);
    expect(late.map(({ paymentId }) => paymentId)).not.toContain('p-day-after');
    const day3 = close(DAY3, 150n, (other) => other !== DAY3);
    expect(day3.report.completed).toEqual({ count: 1, amountKrw: 6_000 });
    expect(day3.late).toEqual([
      {
        paymentId: 'p-next-day',
        type: 'CANCELLED',
        amountKrw: 4_000,
        businessDate: DAY2,
        position: '160',
      },
    ]);
  });

  it('keeps only the candidates recorded after their own day’s cut', () => {
    const { tally: day2 } = closeOfDay2();
    // Had 2026-12-01 been cut at 120, the completion recorded at 120 would be its own.
    expect(day2.lateAdjustments((day) => (day === DAY ? 120n : null))).toEqual([
      expect.objectContaining({ paymentId: 'p-refunded-late', position: '130' }),
    ]);
    expect(day2.lateAdjustments(() => null)).toEqual([]);
  });

  it('collects no late adjustment without a previous cut', () => {
    const result = new SettlementTally([DAY2]);
    for (const event of LOG) result.add(event);
    expect(result.lateCandidateDays()).toEqual([]);
    expect(result.lateAdjustments(() => 0n)).toEqual([]);
    expect(result.report(DAY2)).toMatchObject({
      completed: { count: 1, amountKrw: 4_000 },
      cancelled: { count: 1, amountKrw: 4_000 },
      lateAdjustments: [],
      netAmountKrw: 0,
    });
  });

  it('counts every completion and cancellation once: the netAmounts of all reports sum to the log’s net', () => {
    const reports = [
      close(DAY, 0n, () => false).report,
      closeOfDay2().report,
      close(DAY3, 150n, (other) => other !== DAY3).report,
    ];
    expect(reports.map(({ netAmountKrw }) => netAmountKrw)).toEqual([4_000, 3_000, 2_000]);
    expect(reports.reduce((sum, { netAmountKrw }) => sum + netAmountKrw, 0)).toBe(21_000 - 12_000);
  });
});

describe('R18 the settlement calendar (KST)', () => {
  it('says a day has ended at 00:00:00.000 KST of the next day, not a millisecond before', () => {
    expect(hasDayEnded(DAY, kst('2026-12-01T23:59:59.999'))).toBe(false);
    expect(hasDayEnded(DAY, kst('2026-12-02T00:00'))).toBe(true);
    // 2026-12-01T15:00Z is 2026-12-02T00:00 KST
    expect(hasDayEnded(DAY, kst('2026-12-02T00:00').setZone('UTC'))).toBe(true);
  });

  it('lists days oldest first across months and years', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(daysBetween('2026-12-02', DAY)).toEqual([]);
    expect(daysBetween('2026-01-01', '2026-12-31')).toHaveLength(365);
    expect(nextBusinessDate('2028-02-28')).toBe('2028-02-29');
  });

  it('names yesterday (KST) as the last ended day', () => {
    expect(lastEndedDay(kst('2026-12-02T00:00'))).toBe(DAY);
    expect(lastEndedDay(kst('2026-12-01T23:59:59.999'))).toBe('2026-11-30');
  });
});
